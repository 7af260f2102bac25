//! `forvalt simulate --bank` runs the live engine: a live test taken through the web API and a
//! simulated test ([`simulate::live_test`] on [`Engine::new`], what `simulate --bank` runs) with
//! the same seed and the same answers show the same items in the same order. On the shipped
//! bank, so its enemies and its Sympson–Hetter `exposure.csv` take part, with pretest items
//! seeded, the configured exposure control, and the previous cycle's items excluded.

use std::collections::BTreeMap;

use axum::Router;
use axum::http::StatusCode;
use forvalt::app::{App, Config};
use forvalt::bank::{ItemBank, Status};
use forvalt::cat::Exposure;
use forvalt::engine::Engine;
use forvalt::simulate;
use forvalt::store::{AnsweredItem, Store, TestId};
use forvalt::web::{self, AppState, Cookies};

use crate::web::{TempDir, api, api_login, seed_with_second_cycle};

/// Made pretest items for these tests (the shipped bank has none).
const PRETEST: [&str; 3] = ["hab-003", "klag-004", "vedt-013"];

/// The option a scripted caseworker picks at `position`, on an item with `n` options.
fn scripted(position: u32, n: usize) -> usize {
    [1, 0, 2, 1, 3, 0, 1][position as usize % 7] % n
}

/// The shipped bank with a few active items turned into pretest items.
fn shipped_bank_with_pretest() -> ItemBank {
    let dir = crate::support::repo().join("item-bank");
    let mut bank = forvalt::bank::load(&dir, jiff::civil::date(2026, 11, 23))
        .bank
        .expect("the shipped bank is valid");
    let mut made = 0;
    for item in bank.items.iter_mut() {
        if PRETEST.contains(&item.id.as_str()) {
            assert_eq!(item.status, Status::Active, "{}", item.id);
            item.status = Status::Pretest;
            made += 1;
        }
    }
    assert_eq!(
        made,
        PRETEST.len(),
        "the pretest items exist in the shipped bank"
    );
    assert!(bank.test.pretest_per_test > 0);
    assert!(
        bank.exposure.is_some(),
        "the shipped bank has an exposure.csv"
    );
    bank
}

/// Take a whole test of `cycle` through the API with the scripted answers; returns the test id.
async fn live_test(router: &Router, token: &str, cycle: u64) -> u64 {
    let path = format!("/api/cycles/{cycle}/test");
    let (status, started) = api(router, "POST", &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let test = started["test_id"].as_u64().unwrap();
    let mut current = started["current"].clone();
    while current["status"] == "item" {
        let position = current["position"].as_u64().unwrap() as u32;
        let option = scripted(position, current["options"].as_array().unwrap().len());
        let body = format!(r#"{{"position":{position},"option":{option},"response_ms":2000}}"#);
        let path = format!("/api/tests/{test}/answer");
        let (status, reply) = api(router, "POST", &path, Some(token), Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(reply["stored"], true);
        current = reply["current"].clone();
    }
    assert_eq!(current["status"], "finished", "{current}");
    test
}

/// Live tests of two caseworkers in two cycles under `config`, each compared with the
/// simulation of the same test. Returns every live test's items.
async fn live_and_simulated_agree(config: Config) -> Vec<Vec<AnsweredItem>> {
    let dir = TempDir::new("simulate-live");
    seed_with_second_cycle(&dir);
    let bank = shipped_bank_with_pretest();
    // What `forvalt simulate --bank` builds, from the same bank and exposure setting.
    let engine = Engine::new(bank.clone(), config.exposure.clone());
    let store = Store::open(&dir.db()).unwrap();
    let state = AppState::new(App::new(store, bank, config), Cookies::PlainHttp);
    let router = web::app(state.clone());
    let store = state.app.store();

    let mut all = Vec::new();
    for who in ["kari", "ola"] {
        let token = api_login(&router, who).await;
        let mut previous: Vec<String> = Vec::new();
        for cycle in [1, 2] {
            let counts: BTreeMap<String, u64> = store.pretest_counts().unwrap();
            let test = live_test(&router, &token, cycle).await;
            let live: Vec<AnsweredItem> = store
                .history(TestId(test))
                .unwrap()
                .0
                .into_iter()
                .map(|r| AnsweredItem {
                    position: r.position,
                    item_id: r.item_id,
                    correct: r.correct,
                    pretest: r.pretest,
                })
                .collect();
            let record = store.test(TestId(test)).unwrap().unwrap();
            let simulated = simulate::live_test(
                &engine,
                record.seed,
                &previous,
                &counts,
                |item, position| scripted(position, item.options.len()) == item.key,
            );
            let ids = |a: &[AnsweredItem]| a.iter().map(|x| x.item_id.clone()).collect::<Vec<_>>();
            assert_eq!(
                ids(&simulated.answers),
                ids(&live),
                "{who}, cycle {cycle}: simulated vs live item order"
            );
            assert_eq!(simulated.answers, live, "{who}, cycle {cycle}");
            let finished = record.finished.expect("the live test finished");
            assert_eq!(simulated.outcome.estimate.theta, finished.theta);
            assert_eq!(simulated.outcome.estimate.se, finished.standard_error);
            assert!(
                previous.iter().all(|id| !ids(&live).contains(id)),
                "the previous cycle's items are not shown again"
            );
            previous = ids(&live);
            all.push(live);
        }
    }
    all
}

/// The shipped bank's engine has what makes the comparison worth doing.
fn check_engine_has_enemies_and_exposure(bank: &ItemBank, tests: &[Vec<AnsweredItem>]) {
    let engine = Engine::new(bank.clone(), None);
    assert!(
        matches!(engine.rules().exposure, Exposure::SympsonHetter { .. }),
        "the shipped bank's exposure.csv"
    );
    assert!(
        (0..engine.pool().len()).any(|ix| !engine.pool().item(ix).enemies.is_empty()),
        "enemies among the active items"
    );
    for test in tests {
        assert!(test.iter().any(|a| a.pretest), "a pretest item is seeded");
        for a in test {
            let item = bank.item(&a.item_id).unwrap();
            assert!(
                test.iter()
                    .all(|b| !item.enemies.iter().any(|e| *e == b.item_id)),
                "{} shown with an enemy",
                a.item_id
            );
        }
    }
}

#[tokio::test]
async fn simulated_test_equals_live_test_with_the_banks_exposure_control() {
    let tests = live_and_simulated_agree(Config::default()).await;
    check_engine_has_enemies_and_exposure(&shipped_bank_with_pretest(), &tests);
    assert_ne!(tests[0], tests[2], "two caseworkers, two tests");
}

#[tokio::test]
async fn simulated_test_equals_live_test_with_configured_randomesque() {
    let config = Config {
        exposure: Some(Exposure::Randomesque { k: 3 }),
        ..Config::default()
    };
    live_and_simulated_agree(config).await;
}

/// A live test rebuilds its session from the stored answers at every step; the rebuilt session
/// must be the session that was never interrupted, including the items the Sympson–Hetter
/// lottery turned down. (It was not: a rebuilt session forgot them and gave each a fresh
/// lottery at the next position, so the bank's most informative items reached an exposure of
/// 0.83 against a target of 0.25.)
#[test]
fn a_rebuilt_session_keeps_the_lotterys_rejections() {
    let bank = forvalt::bank::load(
        &crate::support::repo().join("item-bank"),
        jiff::civil::date(2026, 11, 23),
    )
    .bank
    .expect("the shipped bank is valid");
    let engine = Engine::new(bank, None);
    assert!(matches!(
        engine.rules().exposure,
        Exposure::SympsonHetter { .. }
    ));
    let no_counts = || Ok::<_, std::convert::Infallible>(BTreeMap::new());
    let mut rejections = 0;
    for seed in 0..12u64 {
        // The unbroken session: one `Session` from the first item to the last.
        let mut session = engine.replay(seed, &[], &[], None);
        let mut shown = Vec::new();
        let mut answers: Vec<AnsweredItem> = Vec::new();
        loop {
            let position = answers.len() as u32;
            let seen_ids: Vec<String> = answers.iter().map(|a| a.item_id.clone()).collect();
            let seen: Vec<&str> = seen_ids.iter().map(String::as_str).collect();
            match engine
                .choose(seed, position, &mut session, &seen, &[], no_counts)
                .unwrap()
            {
                forvalt::engine::Choice::Item { item, pretest } => {
                    assert!(!pretest, "the shipped bank has no pretest items");
                    let correct = scripted(position, item.options.len()) == 1;
                    let ix = engine.pool_index(&item.id).unwrap();
                    shown.push(item.id.clone());
                    answers.push(AnsweredItem {
                        position,
                        item_id: item.id.to_string(),
                        correct,
                        pretest,
                    });
                    // The rebuilt session at this point knows what the unbroken one knows.
                    let mut rebuilt = engine.replay(seed, &[], &answers[..answers.len() - 1], None);
                    let again = engine
                        .choose(seed, position, &mut rebuilt, &seen, &[], no_counts)
                        .unwrap();
                    assert!(
                        matches!(again, forvalt::engine::Choice::Item { item: i, .. } if i.id == item.id),
                        "seed {seed}: the rebuilt session chose differently at position {position}"
                    );
                    assert_eq!(rebuilt.rejected(), session.rejected(), "seed {seed}");
                    session
                        .answer(engine.pool(), engine.rules(), ix, correct)
                        .unwrap();
                }
                forvalt::engine::Choice::Finished(..) => break,
            }
        }
        let live = simulate::live_test(&engine, seed, &[], &BTreeMap::new(), |item, position| {
            scripted(position, item.options.len()) == 1
        });
        let live_items: Vec<String> = live.answers.iter().map(|a| a.item_id.clone()).collect();
        assert_eq!(live_items, shown, "seed {seed}");
        assert_eq!(live.outcome.rejected, session.rejected(), "seed {seed}");
        rejections += session.rejected().len();
    }
    assert!(
        rejections > 0,
        "the lottery turned items down in these tests"
    );
}

//! The adaptive engine, tested by simulation: known abilities must be recovered, the blueprint
//! always met, exposure held down, and a session must behave as a state machine.

use forvalt::cat::{
    AnswerError, Blueprint, Exposure, Next, Pool, PoolItem, Rules, Session, StopReason, TopicRange,
};
use forvalt::irt::{Estimator, ItemParams, Prior};
use forvalt::simulate::{self, ShConfig};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::support::synthetic_pool;

fn rules(blueprint: Blueprint, exposure: Exposure) -> Rules {
    Rules {
        blueprint,
        estimator: Estimator::Eap,
        prior: Prior::default(),
        se_target: 0.3,
        exposure,
    }
}

#[test]
fn maximum_information_recovers_ability_300_items() {
    let pool = synthetic_pool(300, 10, 7);
    let rules = rules(Blueprint::uniform(10, 0, 1, 30).unwrap(), Exposure::None);
    let thetas = simulate::normal_thetas(2000, 11);
    let outcomes = simulate::run(&pool, &rules, &thetas, 13);
    let summary = simulate::summarize(&pool, &rules, &[], &outcomes);
    assert!(summary.rmse_theta <= 0.35, "RMSE {}", summary.rmse_theta);
    assert!(
        summary.bias_theta.abs() < 0.05,
        "bias {}",
        summary.bias_theta
    );
    assert!(summary.corr_theta > 0.9, "corr {}", summary.corr_theta);
    assert!(outcomes.iter().all(|o| o.items.len() <= 30));
}

#[test]
fn blueprint_and_sympson_hetter_hold_exposure_at_small_cost() {
    let pool = synthetic_pool(300, 10, 7);
    let blueprint = Blueprint::new(vec![TopicRange { min: 2, max: 5 }; 10], 1, 30).unwrap();
    let base = rules(blueprint, Exposure::None);
    let sh = simulate::sympson_hetter(&pool, &base, &ShConfig::new(0.25), 17);
    assert!(sh.converged, "Sympson–Hetter did not converge: {sh:?}");
    let rules = Rules {
        exposure: Exposure::SympsonHetter { k: sh.k },
        ..base
    };
    // A fresh sample of simulees, not the one the parameters were computed on.
    let thetas = simulate::normal_thetas(2000, 19);
    let outcomes = simulate::run(&pool, &rules, &thetas, 23);
    let summary = simulate::summarize(&pool, &rules, &[], &outcomes);
    for outcome in &outcomes {
        assert!(
            outcome.topic_counts.iter().all(|&n| (2..=5).contains(&n)),
            "{:?}",
            outcome.topic_counts
        );
    }
    assert!(
        summary.max_item_exposure <= 0.25,
        "max exposure {}",
        summary.max_item_exposure
    );
    assert!(summary.rmse_theta <= 0.40, "RMSE {}", summary.rmse_theta);
}

/// A small pool where the blueprint is tight, with enemies.
fn tight_pool() -> Pool {
    let mut items = Vec::new();
    for topic in 0..4 {
        for k in 0..6 {
            let b = -1.5 + 0.6 * k as f64 + 0.1 * topic as f64;
            items.push(PoolItem {
                params: ItemParams::new(1.0 + 0.3 * topic as f64, b, 0.2).unwrap(),
                topic,
                enemies: Vec::new(),
            });
        }
    }
    // Items 0 and 1 (topic 0), and 6 and 13 (topics 1 and 2), give each other away.
    items[0].enemies.push(1);
    items[6].enemies.push(13);
    Pool::new(items, 4).unwrap()
}

#[test]
fn blueprint_exclusions_and_enemies_hold_for_every_candidate() {
    let pool = tight_pool();
    let ranges = vec![
        TopicRange { min: 2, max: 3 },
        TopicRange { min: 2, max: 2 },
        TopicRange { min: 1, max: 4 },
        TopicRange { min: 3, max: 4 },
    ];
    let excluded = [2, 3, 14, 20];
    for exposure in [
        Exposure::None,
        Exposure::Randomesque { k: 3 },
        Exposure::SympsonHetter { k: vec![0.3; 24] },
    ] {
        let rules = Rules {
            se_target: 0.5,
            ..rules(Blueprint::new(ranges.clone(), 8, 11).unwrap(), exposure)
        };
        for seed in 0..300u64 {
            let theta = -2.5 + 5.0 * (seed as f64 / 300.0);
            let mut rng = StdRng::seed_from_u64(seed);
            let outcome = simulate::examinee(&pool, &rules, theta, &excluded, &mut rng);
            let mut counts = [0usize; 4];
            for &ix in &outcome.items {
                counts[pool.item(ix).topic] += 1;
                assert!(!excluded.contains(&ix), "excluded item {ix} shown");
            }
            for (t, range) in ranges.iter().enumerate() {
                assert!(
                    (range.min..=range.max).contains(&counts[t]),
                    "topic {t}: {counts:?} (seed {seed})"
                );
            }
            assert!((8..=11).contains(&outcome.items.len()));
            assert!(
                !(outcome.items.contains(&0) && outcome.items.contains(&1)),
                "enemies 0 and 1 together"
            );
            assert!(
                !(outcome.items.contains(&6) && outcome.items.contains(&13)),
                "enemies 6 and 13 together"
            );
            let mut unique = outcome.items.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), outcome.items.len(), "an item was shown twice");
        }
    }
}

#[test]
fn session_keeps_pending_item_and_refuses_wrong_or_late_answers() {
    let pool = tight_pool();
    let rules = rules(
        Blueprint::new(vec![TopicRange { min: 1, max: 2 }; 4], 4, 5).unwrap(),
        Exposure::None,
    );
    let mut session = Session::new(&pool, &rules, &[]);
    let mut rng = StdRng::seed_from_u64(1);
    let Next::Item(first) = session.next(&pool, &rules, &mut rng) else {
        panic!("no first item")
    };
    assert_eq!(
        session.next(&pool, &rules, &mut rng),
        Next::Item(first),
        "a reload shows the same item"
    );
    let other = (first + 1) % pool.len();
    assert_eq!(
        session.answer(&pool, &rules, other, true),
        Err(AnswerError::NotPending {
            expected: Some(first),
            got: other
        })
    );
    session.answer(&pool, &rules, first, true).unwrap();
    assert_eq!(
        session.answer(&pool, &rules, first, true),
        Err(AnswerError::NotPending {
            expected: None,
            got: first
        }),
        "a double submit is refused"
    );
    while let Next::Item(ix) = session.next(&pool, &rules, &mut rng) {
        session.answer(&pool, &rules, ix, false).unwrap();
    }
    assert_eq!(session.finished(), Some(StopReason::MaxLength));
    assert_eq!(session.n_answered(), 5);
    assert!(matches!(
        session.answer(&pool, &rules, first, true),
        Err(AnswerError::Finished(_))
    ));
}

#[test]
fn resumed_session_continues_exactly_where_it_was() {
    let pool = synthetic_pool(120, 6, 3);
    let rules = rules(
        Blueprint::new(vec![TopicRange { min: 2, max: 4 }; 6], 12, 20).unwrap(),
        Exposure::Randomesque { k: 3 },
    );
    let mut rng = StdRng::seed_from_u64(5);
    let mut session = Session::new(&pool, &rules, &[7]);
    for _ in 0..9 {
        let Next::Item(ix) = session.next(&pool, &rules, &mut rng) else {
            panic!()
        };
        session.answer(&pool, &rules, ix, ix % 3 != 0).unwrap();
    }
    let Next::Item(pending) = session.next(&pool, &rules, &mut rng) else {
        panic!()
    };
    let resumed = Session::resume(
        &pool,
        &rules,
        &[7],
        session.answered(),
        Some(pending),
        |_| StdRng::seed_from_u64(0),
    );
    assert_eq!(resumed.answered(), session.answered());
    assert_eq!(resumed.pending(), Some(pending));
    assert_eq!(resumed.estimate(), session.estimate());
    assert_eq!(resumed.topic_counts(), session.topic_counts());
    // Both continue identically from the same RNG state.
    let (mut a, mut b) = (session, resumed);
    let (mut ra, mut rb) = (StdRng::seed_from_u64(9), StdRng::seed_from_u64(9));
    loop {
        let (na, nb) = (
            a.next(&pool, &rules, &mut ra),
            b.next(&pool, &rules, &mut rb),
        );
        assert_eq!(na, nb);
        let Next::Item(ix) = na else { break };
        a.answer(&pool, &rules, ix, true).unwrap();
        b.answer(&pool, &rules, ix, true).unwrap();
    }
}

#[test]
fn same_seed_same_tests_regardless_of_threads() {
    let pool = synthetic_pool(200, 5, 1);
    let rules = rules(
        Blueprint::uniform(5, 2, 10, 20).unwrap(),
        Exposure::Randomesque { k: 4 },
    );
    let thetas = simulate::normal_thetas(50, 2);
    let together = simulate::run(&pool, &rules, &thetas, 99);
    let alone: Vec<_> = (0..thetas.len())
        .map(|i| {
            simulate::examinee(
                &pool,
                &rules,
                thetas[i],
                &[],
                &mut simulate::simulee_rng(99, i as u64),
            )
        })
        .collect();
    assert_eq!(together, alone);
    assert_ne!(
        simulate::run(&pool, &rules, &thetas, 100),
        together,
        "another seed, other tests"
    );
}

/// Summaries of `run` (one session per simulee) and `run_live` (the live engine) on a rayon
/// pool of `threads` threads.
fn summaries_on(threads: usize) -> (simulate::Summary, simulate::Summary) {
    let pool = synthetic_pool(200, 5, 1);
    let rules = rules(
        Blueprint::uniform(5, 2, 10, 20).unwrap(),
        Exposure::Randomesque { k: 4 },
    );
    let thetas = simulate::normal_thetas(120, 5);
    let bank = forvalt::bank::load(
        &crate::support::repo().join("item-bank"),
        jiff::civil::date(2026, 11, 23),
    )
    .bank
    .expect("shipped bank is valid");
    let engine = forvalt::engine::Engine::new(bank, None);
    let topics: Vec<String> = engine.bank().topics.iter().map(|t| t.id.clone()).collect();
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| {
            let outcomes = simulate::run(&pool, &rules, &thetas, 6);
            let live: Vec<_> = simulate::run_live(
                &engine,
                &thetas[..40],
                7,
                &[],
                &std::collections::BTreeMap::new(),
            )
            .into_iter()
            .map(|t| t.outcome)
            .collect();
            (
                simulate::summarize(&pool, &rules, &[], &outcomes),
                simulate::summarize(engine.pool(), engine.rules(), &topics, &live),
            )
        })
}

#[test]
fn summaries_do_not_depend_on_the_number_of_threads() {
    let one = summaries_on(1);
    assert_eq!(one, summaries_on(4));
    assert_eq!(one.1.examinees, 40);
    assert_eq!(one.1.share_meeting_blueprint, 1.0);
}

#[test]
fn estimators_all_recover_ability() {
    let pool = synthetic_pool(300, 10, 7);
    let thetas = simulate::normal_thetas(400, 3);
    for estimator in [Estimator::Eap, Estimator::Map, Estimator::Mle] {
        let rules = Rules {
            estimator,
            ..rules(Blueprint::uniform(10, 0, 1, 30).unwrap(), Exposure::None)
        };
        let summary = simulate::summarize(
            &pool,
            &rules,
            &[],
            &simulate::run(&pool, &rules, &thetas, 4),
        );
        assert!(
            summary.rmse_theta <= 0.42,
            "{estimator:?}: RMSE {}",
            summary.rmse_theta
        );
    }
}

#[test]
fn shipped_bank_covers_every_topic_for_every_simulee() {
    let bank = forvalt::bank::load(
        &crate::support::repo().join("item-bank"),
        jiff::civil::date(2026, 11, 23),
    )
    .bank
    .expect("shipped bank is valid");
    let (pool, _) = bank.pool(forvalt::bank::Status::Active);
    let rules = bank.rules(Exposure::Randomesque { k: 4 });
    let outcomes = simulate::run(&pool, &rules, &simulate::normal_thetas(300, 1), 2);
    for outcome in &outcomes {
        for (t, topic) in bank.topics.iter().enumerate() {
            assert!(
                outcome.topic_counts[t] >= topic.min && outcome.topic_counts[t] <= topic.max,
                "{}: {}",
                topic.id,
                outcome.topic_counts[t]
            );
        }
        assert!(outcome.items.len() <= bank.test.max_items);
    }
}

#[test]
fn selection_picks_the_exact_maximum_information_item() {
    // Selection ranks by interpolated information and computes only the leaders exactly; the
    // chosen item must still be the exact maximum over every eligible item.
    let pool = synthetic_pool(3000, 10, 21);
    let rules = rules(Blueprint::uniform(10, 0, 1, 30).unwrap(), Exposure::None);
    let mut rng = StdRng::seed_from_u64(3);
    for seed in 0..200u64 {
        let theta = -3.0 + 6.0 * (seed as f64 / 200.0);
        let mut session = Session::new(&pool, &rules, &[]);
        for step in 0..(seed % 12) {
            let Next::Item(ix) = session.next(&pool, &rules, &mut rng) else {
                panic!()
            };
            session
                .answer(
                    &pool,
                    &rules,
                    ix,
                    pool.item(ix).params.p(theta) > 0.5 || step % 3 == 0,
                )
                .unwrap();
        }
        let estimate = session.estimate().theta;
        let chosen = forvalt::cat::select::next_item(&pool, &rules, &session, &mut rng)
            .unwrap()
            .item;
        let best = (0..pool.len())
            .filter(|&ix| !session.is_blocked(ix))
            .max_by(|&x, &y| {
                pool.item(x)
                    .params
                    .information(estimate)
                    .total_cmp(&pool.item(y).params.information(estimate))
            })
            .unwrap();
        assert_eq!(chosen, best, "θ̂ = {estimate}");
    }
}

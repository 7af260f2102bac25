//! Simulation studies: run the adaptive test for simulees of known ability and measure how well
//! it recovers them, how long tests are, and how often each item is seen. Also computes
//! Sympson–Hetter exposure parameters, which are defined by such simulations.
//!
//! Two ways to run a test: [`examinee`] runs one [`Session`] from start to end on any pool and
//! rules (studies on interchange files, Sympson–Hetter calibration); [`live_test`] runs the live
//! engine ([`Engine`]) exactly as the server does, position by position from the stored history,
//! with pretest seeding, exclusions and the test's per-position random draws
//! (`forvalt simulate --bank`).
//!
//! Like the core, this does no I/O. It runs simulees in parallel on rayon's thread pool: each
//! simulee gets its own RNG seeded from the study seed and the simulee's index, and outcomes are
//! collected in simulee order, so results do not depend on the number of threads.

use std::collections::BTreeMap;
use std::convert::Infallible;

use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};
use rayon::prelude::*;
use statrs::distribution::Normal;

use crate::bank::Item;
use crate::cat::{Exposure, Next, Pool, Rules, Session, StopReason};
use crate::engine::{Choice, Engine};
use crate::irt::Estimate;
use crate::store::AnsweredItem;

/// One simulated test.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The true ability.
    pub theta: f64,
    pub estimate: Estimate,
    /// Items administered, in order.
    pub items: Vec<usize>,
    pub topic_counts: Vec<usize>,
    /// Items the Sympson–Hetter lottery turned down.
    pub rejected: Vec<usize>,
    pub stop: StopReason,
}

/// Simulate one test: answers drawn from the model at the true `theta`.
pub fn examinee(
    pool: &Pool,
    rules: &Rules,
    theta: f64,
    excluded: &[usize],
    rng: &mut impl Rng,
) -> Outcome {
    let mut session = Session::new(pool, rules, excluded);
    let stop = loop {
        match session.next(pool, rules, rng) {
            Next::Item(ix) => {
                let correct = rng.random::<f64>() < pool.item(ix).params.p(theta);
                session
                    .answer(pool, rules, ix, correct)
                    .expect("answering the pending item");
            }
            Next::Finished(reason) => break reason,
        }
    };
    Outcome {
        theta,
        estimate: session.estimate(),
        items: session.answered().iter().map(|&(ix, _)| ix).collect(),
        topic_counts: session.topic_counts().to_vec(),
        rejected: session.rejected().to_vec(),
        stop,
    }
}

/// The RNG for simulee `index` of a study seeded with `seed` (SplitMix64 of both).
pub fn simulee_rng(seed: u64, index: u64) -> StdRng {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    StdRng::seed_from_u64(z ^ (z >> 31))
}

/// Simulate a test for every θ in `thetas`, in parallel; outcomes in the order of `thetas`.
pub fn run(pool: &Pool, rules: &Rules, thetas: &[f64], seed: u64) -> Vec<Outcome> {
    thetas
        .par_iter()
        .enumerate()
        .map(|(i, &theta)| {
            let mut rng = simulee_rng(seed, i as u64);
            examinee(pool, rules, theta, &[], &mut rng)
        })
        .collect()
}

/// One test as the live engine runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveTest {
    /// Every item shown, in order (pretest items included), with the answer given.
    pub answers: Vec<AnsweredItem>,
    /// The scored part.
    pub outcome: Outcome,
}

/// Run one test on the live engine as the server does (`crate::app::TestTaking`): at every position
/// the session is rebuilt from the answers so far ([`Engine::replay`]) and the engine chooses
/// what to show with the test's `seed` ([`Engine::choose`]), so a live test with the same seed,
/// the same exclusions (`excluded`: items of the previous cycle), the same pretest counts and
/// the same answers shows the same items in the same order. `answer(item, position)` says
/// whether the answer at `position` is right. The rebuilt session recovers the items the
/// Sympson–Hetter lottery turned down (in the outcome's `rejected`) by making each choice again,
/// as live tests do; the outcome's `theta` is NaN (the caller knows it).
pub fn live_test(
    engine: &Engine,
    seed: u64,
    excluded: &[String],
    pretest_counts: &BTreeMap<String, u64>,
    mut answer: impl FnMut(&Item, u32) -> bool,
) -> LiveTest {
    let mut answers: Vec<AnsweredItem> = Vec::new();
    loop {
        let position = answers.len() as u32;
        let mut session = engine.replay(seed, excluded, &answers, None);
        let seen: Vec<&str> = answers.iter().map(|a| a.item_id.as_str()).collect();
        let choice = engine.choose(seed, position, &mut session, &seen, excluded, || {
            Ok::<_, Infallible>(pretest_counts.clone())
        });
        match choice {
            Ok(Choice::Item { item, pretest }) => {
                let correct = answer(item, position);
                answers.push(AnsweredItem {
                    position,
                    item_id: item.id.to_string(),
                    correct,
                    pretest,
                });
            }
            Ok(Choice::Finished(stop, estimate)) => {
                let outcome = Outcome {
                    theta: f64::NAN,
                    estimate,
                    items: session.answered().iter().map(|&(ix, _)| ix).collect(),
                    topic_counts: session.topic_counts().to_vec(),
                    rejected: session.rejected().to_vec(),
                    stop,
                };
                return LiveTest { answers, outcome };
            }
            Err(never) => match never {},
        }
    }
}

/// A live test ([`live_test`]) for every θ in `thetas`, in parallel, answers drawn from the
/// model at the true θ (pretest items by their expert parameters); outcomes in the order of
/// `thetas`. Simulee `i` takes a test whose seed is the first draw of `simulee_rng(seed, i)`.
/// Every simulee sees the same `excluded` items and `pretest_counts` (tests do not count
/// each other's pretest answers, so the outcome does not depend on their order).
pub fn run_live(
    engine: &Engine,
    thetas: &[f64],
    seed: u64,
    excluded: &[String],
    pretest_counts: &BTreeMap<String, u64>,
) -> Vec<LiveTest> {
    thetas
        .par_iter()
        .enumerate()
        .map(|(i, &theta)| {
            let mut rng = simulee_rng(seed, i as u64);
            let test_seed = rng.random::<u64>();
            let mut test = live_test(engine, test_seed, excluded, pretest_counts, |item, _| {
                rng.random::<f64>() < item.params.p(theta)
            });
            test.outcome.theta = theta;
            test
        })
        .collect()
}

/// `n` abilities drawn from N(0, 1).
pub fn normal_thetas(n: usize, seed: u64) -> Vec<f64> {
    let normal = Normal::standard();
    let mut rng = simulee_rng(seed, u64::MAX);
    (0..n).map(|_| rng.sample(normal)).collect()
}

/// What a simulation study found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    pub examinees: usize,
    pub items_in_bank: usize,
    pub mean_test_length: f64,
    pub mean_se: f64,
    pub rmse_theta: f64,
    pub bias_theta: f64,
    pub corr_theta: f64,
    pub max_item_exposure: f64,
    pub share_of_bank_never_used: f64,
    /// Share of simulees whose test met every topic minimum of the blueprint.
    pub share_meeting_blueprint: f64,
    /// Mean number of items per topic, by topic name.
    pub topic_mean_items: BTreeMap<String, f64>,
    pub stop_reasons: BTreeMap<String, usize>,
}

/// Summarise `outcomes`; `topics` names the pool's topics in index order.
pub fn summarize(pool: &Pool, rules: &Rules, topics: &[String], outcomes: &[Outcome]) -> Summary {
    let n = outcomes.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Outcome) -> f64| outcomes.iter().map(f).sum::<f64>() / n;
    let errors: Vec<f64> = outcomes
        .iter()
        .map(|o| o.estimate.theta - o.theta)
        .collect();
    let mut exposure = vec![0usize; pool.len()];
    for outcome in outcomes {
        for &ix in &outcome.items {
            exposure[ix] += 1;
        }
    }
    let meets = |o: &Outcome| {
        rules
            .blueprint
            .topics()
            .iter()
            .zip(&o.topic_counts)
            .all(|(range, &count)| count >= range.min)
    };
    let mut stop_reasons = BTreeMap::new();
    for outcome in outcomes {
        *stop_reasons
            .entry(outcome.stop.as_str().to_string())
            .or_default() += 1;
    }
    Summary {
        examinees: outcomes.len(),
        items_in_bank: pool.len(),
        mean_test_length: mean(&|o| o.items.len() as f64),
        mean_se: mean(&|o| o.estimate.se),
        rmse_theta: (errors.iter().map(|e| e * e).sum::<f64>() / n).sqrt(),
        bias_theta: errors.iter().sum::<f64>() / n,
        corr_theta: correlation(
            &outcomes.iter().map(|o| o.theta).collect::<Vec<_>>(),
            &outcomes
                .iter()
                .map(|o| o.estimate.theta)
                .collect::<Vec<_>>(),
        ),
        max_item_exposure: exposure.iter().copied().max().unwrap_or(0) as f64 / n,
        share_of_bank_never_used: exposure.iter().filter(|&&e| e == 0).count() as f64
            / pool.len().max(1) as f64,
        share_meeting_blueprint: outcomes.iter().filter(|o| meets(o)).count() as f64 / n,
        topic_mean_items: topics
            .iter()
            .enumerate()
            .map(|(t, name)| (name.clone(), mean(&|o| o.topic_counts[t] as f64)))
            .collect(),
        stop_reasons,
    }
}

/// Pearson correlation; 0 when either side has no variance.
pub fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Settings for computing Sympson–Hetter parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ShConfig {
    /// The exposure rate no item should exceed (e.g. 0.25).
    pub target: f64,
    /// The rate each K update aims at, below `target`: exposure rates from a sample of
    /// simulees are noisy (SD ≈ 0.01 at 2,000), and the largest of many noisy rates overshoots.
    pub aim: f64,
    /// Stop iterating once the highest rate in a round is at or below this.
    pub accept: f64,
    /// Simulees per iteration, drawn from N(0, 1).
    pub examinees: usize,
    pub max_iterations: usize,
}

impl ShConfig {
    pub fn new(target: f64) -> ShConfig {
        ShConfig {
            target,
            aim: target * 0.88,
            accept: target * 0.94,
            examinees: 2000,
            max_iterations: 40,
        }
    }
}

/// Sympson–Hetter parameters and how the iteration went.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShResult {
    /// K_i per pool item: the probability that item i is administered when selected.
    pub k: Vec<f64>,
    pub iterations: usize,
    /// The highest exposure rate in the last iteration's simulation with these K.
    pub max_exposure: f64,
    pub converged: bool,
}

/// Compute Sympson–Hetter exposure parameters by iterative simulation (Sympson & Hetter 1985;
/// van der Linden 2003): start with K_i = 1; simulate; where P(S_i), the share of simulees for
/// whom item i was selected, exceeds the aim r, set K_i = min(K_i, r / P(S_i)); repeat until the
/// highest administration rate is at or below `config.accept`. `rules.exposure` is replaced.
pub fn sympson_hetter(pool: &Pool, rules: &Rules, config: &ShConfig, seed: u64) -> ShResult {
    let mut k = vec![1.0; pool.len()];
    let mut rules = rules.clone();
    let mut last = ShResult {
        k: k.clone(),
        iterations: 0,
        max_exposure: 1.0,
        converged: false,
    };
    for iteration in 1..=config.max_iterations {
        rules.exposure = Exposure::SympsonHetter { k: k.clone() };
        let round_seed = seed.wrapping_add(iteration as u64);
        let thetas = normal_thetas(config.examinees, round_seed);
        let outcomes = run(pool, &rules, &thetas, round_seed);
        let n = outcomes.len() as f64;
        let (mut selected, mut administered) = (vec![0usize; pool.len()], vec![0usize; pool.len()]);
        for outcome in &outcomes {
            for &ix in &outcome.items {
                selected[ix] += 1;
                administered[ix] += 1;
            }
            for &ix in &outcome.rejected {
                selected[ix] += 1;
            }
        }
        let max_exposure = administered.iter().copied().max().unwrap_or(0) as f64 / n;
        last = ShResult {
            k: k.clone(),
            iterations: iteration,
            max_exposure,
            converged: max_exposure <= config.accept,
        };
        if last.converged {
            break;
        }
        // K never rises again: the textbook update min(1, r / P(S)) lets K of an item climb back
        // once others are restricted, and the iteration oscillates (seen here: no convergence in
        // 40 rounds on a 300-item bank). The monotone variant converges and restricts no more
        // than needed, because an item only loses K while its selection rate exceeds r.
        for (ix, value) in k.iter_mut().enumerate() {
            let p_selected = selected[ix] as f64 / n;
            if p_selected > config.aim {
                *value = value.min(config.aim / p_selected);
            }
        }
    }
    last
}

//! Benchmark of the adaptive engine (not a test): simulated tests per second and the cost of
//! one selection step, on a 300- and a 3,000-item bank.
//!
//!     cargo bench --bench cat
//!
//! Items are drawn like catsim's generator (a ~ N(1.2, 0.25), b ~ N(0, 1), c ~ N(0.25, 0.02)),
//! 10 topics; 2,000 simulees from N(0, 1); SE 0.3 / max 30; EAP; no exposure control, then
//! Sympson–Hetter. Uses all cores for whole simulations, one core for the step timings.

#[allow(dead_code)]
#[path = "../support.rs"]
mod support;

use std::hint::black_box;
use std::time::Instant;

use forvalt::cat::{Blueprint, Exposure, Next, Rules, Session, select};
use forvalt::irt::{Estimator, Prior};
use forvalt::simulate::{self, ShConfig};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn main() {
    println!("bank   exposure         examinees  wall_s   us/examinee  us/item  rmse   mean_len");
    for n_items in [300, 3000] {
        let pool = support::synthetic_pool(n_items, 10, 7);
        let base = Rules {
            blueprint: Blueprint::uniform(10, 0, 1, 30).unwrap(),
            estimator: Estimator::Eap,
            prior: Prior::default(),
            se_target: 0.3,
            exposure: Exposure::None,
        };
        let thetas = simulate::normal_thetas(2000, 11);
        let sh = simulate::sympson_hetter(&pool, &base, &ShConfig::new(0.25), 3);
        for (label, exposure) in [
            ("none", Exposure::None),
            ("randomesque:5", Exposure::Randomesque { k: 5 }),
            (
                "sympson-hetter",
                Exposure::SympsonHetter { k: sh.k.clone() },
            ),
        ] {
            let rules = Rules {
                exposure,
                ..base.clone()
            };
            let started = Instant::now();
            let outcomes = simulate::run(&pool, &rules, &thetas, 13);
            let wall = started.elapsed().as_secs_f64();
            let items: usize = outcomes.iter().map(|o| o.items.len()).sum();
            let summary = simulate::summarize(&pool, &rules, &[], &outcomes);
            println!(
                "{n_items:<6} {label:<16} {:>9}  {wall:>6.3}  {:>11.1}  {:>7.2}  {:.3}  {:.1}",
                thetas.len(),
                wall * 1e6 / thetas.len() as f64,
                wall * 1e6 / items as f64,
                summary.rmse_theta,
                summary.mean_test_length
            );
        }

        // One selection step, single-threaded, on sessions 10 items into a test.
        let rules = base.clone();
        let mut rng = StdRng::seed_from_u64(5);
        let sessions: Vec<Session> = thetas[..500]
            .iter()
            .map(|&theta| {
                let mut session = Session::new(&pool, &rules, &[]);
                for _ in 0..10 {
                    if let Next::Item(ix) = session.next(&pool, &rules, &mut rng) {
                        let correct = pool.item(ix).params.p(theta) > 0.5;
                        session.answer(&pool, &rules, ix, correct).unwrap();
                    }
                }
                session
            })
            .collect();
        let rounds = 20;
        let started = Instant::now();
        for _ in 0..rounds {
            for session in &sessions {
                black_box(select::next_item(&pool, &rules, session, &mut rng));
            }
        }
        let per_step = started.elapsed().as_secs_f64() / (rounds * sessions.len()) as f64;
        println!(
            "{n_items:<6} one selection step (MFI, single thread): {:.2} us",
            per_step * 1e6
        );
    }
}

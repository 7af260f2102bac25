//! Benchmark of the author area (not a test): loading the shipped bank from disk (the author
//! pages do this on every request) and item statistics over 100 k and 1 M answers.
//!
//!     cargo bench --bench author
//!
//! Synthetic answers: tests of 30 random active items of the shipped bank, right with the 3PL
//! probability at θ ~ N(0, 1). Times `service::author::item_statistics` alone.

use std::path::Path;
use std::time::Instant;

use forvalt::bank::{self, Status};
use forvalt::service::author::{Observed, item_statistics};
use forvalt::simulate::simulee_rng;
use rand::RngExt;
use statrs::distribution::Normal;

fn main() {
    let today = jiff::Zoned::now().date();
    let started = Instant::now();
    let runs = 10;
    let mut bank = None;
    for _ in 0..runs {
        bank = bank::load(Path::new("item-bank"), today).bank;
    }
    let bank = bank.expect("the shipped bank is valid");
    println!(
        "bank::load of item-bank ({} items): {:.1} ms",
        bank.items.len(),
        started.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );
    let active: Vec<usize> = (0..bank.items.len())
        .filter(|&i| bank.items[i].status == Status::Active)
        .collect();
    println!("answers    tests   statistics_s");
    for n_tests in [100_000 / 30, 1_000_000 / 30] {
        let mut rng = simulee_rng(7, 0);
        let normal = Normal::standard();
        let tests: Vec<Vec<Observed>> = (0..n_tests)
            .map(|_| {
                let theta: f64 = rng.sample(normal);
                (0..30)
                    .map(|_| {
                        let item = &bank.items[active[rng.random_range(0..active.len())]];
                        Observed {
                            item_id: item.id.clone(),
                            correct: rng.random::<f64>() < item.params.p(theta),
                            response_ms: rng.random_range(5_000..60_000),
                        }
                    })
                    .collect()
            })
            .collect();
        let started = Instant::now();
        let stats = item_statistics(&bank, &tests, today);
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(stats.tests, n_tests);
        println!("{:>8} {:>8} {seconds:>10.3}", n_tests * 30, n_tests);
    }
}

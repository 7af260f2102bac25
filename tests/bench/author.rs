//! Benchmark of the author area (not a test): loading the shipped bank from disk (the author
//! pages do this on every request) and item statistics over 100 k and 1 M answers.
//!
//!     cargo bench --bench author
//!
//! Synthetic answers: tests of 30 random active items of the shipped bank, right with the 3PL
//! probability at θ ~ N(0, 1). Times `app::authoring::item_statistics` alone, then the cached
//! path the pages take (`app::stats_cache::StatsCache::get` over the same computation): the
//! first view (computes), and the mean of 1,000 later views (a snapshot for the same bank:
//! the bank comparison and the lock; the service adds one O(1) count of the stored answers).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use forvalt::app::authoring::{Observed, Scope, item_statistics};
use forvalt::app::stats_cache::{CacheSettings, Request, StatsCache};
use forvalt::bank::{self, Status};
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
    let bank = Arc::new(bank);
    println!("answers    tests   statistics_s  cached_first_s  cached_view_us");
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
                            item_id: item.id.to_string(),
                            correct: rng.random::<f64>() < item.params.p(theta),
                            response_ms: rng.random_range(5_000..60_000),
                            form: Default::default(),
                        }
                    })
                    .collect()
            })
            .collect();
        let started = Instant::now();
        let stats = item_statistics(&bank, &tests, today, 5);
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(stats.tests, n_tests);

        let cache = Arc::new(StatsCache::new(CacheSettings::default()));
        let request = Request {
            bank: bank.clone(),
            scope: Scope::default(),
            today,
            now: jiff::Timestamp::now(),
            stored_answers: (n_tests * 30) as u64,
        };
        let tests = Arc::new(tests);
        let compute = move |r: &Request| -> Result<_, String> {
            Ok((
                item_statistics(&r.bank, &tests, r.today, 5),
                n_tests * 30,
                r.stored_answers,
            ))
        };
        let no_spawn = |_: Box<dyn FnOnce() + Send>| panic!("a fresh snapshot is not refreshed");
        let started = Instant::now();
        let first = cache.get(&request, compute.clone(), no_spawn).unwrap();
        let first_seconds = started.elapsed().as_secs_f64();
        assert_eq!(first.snapshot.statistics, stats);
        let views = 1_000;
        let started = Instant::now();
        for _ in 0..views {
            let view = cache.get(&request, compute.clone(), no_spawn).unwrap();
            assert!(Arc::ptr_eq(&view.snapshot, &first.snapshot));
        }
        let view_us = started.elapsed().as_secs_f64() * 1e6 / views as f64;
        assert_eq!(cache.computations(), 1);
        println!(
            "{:>8} {:>8} {seconds:>10.3} {first_seconds:>15.3} {view_us:>15.1}",
            n_tests * 30,
            n_tests
        );
    }
}

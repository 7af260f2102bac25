//! Benchmark of calibration (not a test): time of `calibrate::calibrate` on a bank of the real
//! size, with the standard errors from the full observed information (900 × 900 for 300 3PL
//! items).
//!
//!     cargo bench --bench calibrate
//!
//! Synthetic data: 300 items (a ~ U(0.8, 2), b ~ U(−2.5, 2.5), c = 0.2 for the 3PL), 5,000 people
//! from N(0, 1), each answering 30 items drawn at random (≈ 500 answers per item). Two runs per
//! model: the full calibration, and one EM cycle only (`max_iterations = 1`), which is about
//! one E-step plus the standard errors' pass; their difference is the EM cycles. Times only
//! `calibrate` (not generating the data), on all cores.
//!
//! Measured (session 10, this 2-core machine, load ≈ 10 from other builds), seconds:
//!
//!     model  run        cycles  seconds
//!     2PL    full           12    0.504
//!     2PL    one-cycle       1    0.394
//!     3PL    full           17    1.426
//!     3PL    one-cycle       1    0.869
//!
//! so the standard errors' pass (600 × 600 and 900 × 900 information, Cholesky and block
//! inverse) takes about 0.38 s (2PL) and 0.83 s (3PL); an EM cycle 0.01 s and 0.035 s.

use std::time::Instant;

use forvalt::calibrate::{Answer, Config, Model, calibrate};
use forvalt::simulate::simulee_rng;
use rand::RngExt;
use rand::seq::SliceRandom;
use statrs::distribution::Normal;

const ITEMS: usize = 300;
const PEOPLE: usize = 5000;
const PER_PERSON: usize = 30;

fn main() {
    println!("model  items  people  answers  run        cycles  seconds");
    for model in [Model::TwoPl, Model::ThreePl] {
        let answers = simulated(model);
        for (run, max_iterations) in [("full", 500), ("one-cycle", 1)] {
            let mut config = Config::new(model);
            config.max_iterations = max_iterations;
            let started = Instant::now();
            let result = calibrate(ITEMS, &answers, &[], &config);
            let seconds = started.elapsed().as_secs_f64();
            let unknown = result.items.iter().filter(|e| !e.se_b.is_finite()).count();
            println!(
                "{:<5}  {ITEMS:>5}  {PEOPLE:>6}  {:>7}  {run:<9}  {:>6}  {seconds:>7.3}{}",
                if model == Model::TwoPl { "2PL" } else { "3PL" },
                answers.len(),
                result.iterations,
                if unknown > 0 {
                    format!("  ({unknown} items without SE)")
                } else {
                    String::new()
                }
            );
        }
    }
}

fn simulated(model: Model) -> Vec<Answer> {
    let mut rng = simulee_rng(2026, 0);
    let c = if model == Model::ThreePl { 0.2 } else { 0.0 };
    let items: Vec<(f64, f64)> = (0..ITEMS)
        .map(|_| (rng.random_range(0.8..2.0), rng.random_range(-2.5..2.5)))
        .collect();
    let normal = Normal::standard();
    let mut order: Vec<usize> = (0..ITEMS).collect();
    let mut answers = Vec::with_capacity(PEOPLE * PER_PERSON);
    for person in 0..PEOPLE {
        let theta: f64 = rng.sample(normal);
        order.shuffle(&mut rng);
        for &item in &order[..PER_PERSON] {
            let (a, b) = items[item];
            let p = c + (1.0 - c) / (1.0 + (-a * (theta - b)).exp());
            answers.push(Answer {
                person,
                item,
                correct: rng.random::<f64>() < p,
            });
        }
    }
    answers
}

//! Benchmark of the HR report (not a test): time to compute a report over 1 M and 10 M responses.
//!
//!     cargo bench --bench report
//!
//! Synthetic data: 12 topics × 25 items (a ~ U(0.8, 1.4), b ~ U(−2, 2), c = 0.25), 36 answers per
//! person (3 per topic), answers drawn from the 3PL at θ ~ N(0, 1); people spread over 5 areas ×
//! 20 teams. Times `report::report` alone (not generating or loading the data), at level 2.

use std::time::Instant;

use forvalt::irt::ItemParams;
use forvalt::report::{self, Answer, Config, ResponsesBuilder};
use forvalt::simulate::simulee_rng;
use rand::RngExt;
use statrs::distribution::Normal;

const TOPICS: usize = 12;
const ITEMS_PER_TOPIC: usize = 25;
const PER_TOPIC: usize = 3;

fn main() {
    println!("responses   people   build_s  report_s  groups");
    for n_responses in [1_000_000usize, 10_000_000] {
        let started = Instant::now();
        let mut rng = simulee_rng(42, 0);
        let mut builder = ResponsesBuilder::new(TOPICS);
        let items: Vec<(u32, ItemParams)> = (0..TOPICS * ITEMS_PER_TOPIC)
            .map(|i| {
                let params = ItemParams::new(
                    rng.random_range(0.8..1.4),
                    rng.random_range(-2.0..2.0),
                    0.25,
                )
                .unwrap();
                (builder.item(i / ITEMS_PER_TOPIC, params).unwrap(), params)
            })
            .collect();
        let normal = Normal::standard();
        let people = n_responses / (TOPICS * PER_TOPIC);
        for p in 0..people {
            let path = format!("Område {}/Team {}", p % 5, (p / 5) % 20);
            let person = builder.person(&format!("p{p}"), &path).unwrap();
            let theta: f64 = rng.sample(normal);
            for t in 0..TOPICS {
                for _ in 0..PER_TOPIC {
                    let (item, params) =
                        items[t * ITEMS_PER_TOPIC + rng.random_range(0..ITEMS_PER_TOPIC)];
                    let correct = rng.random::<f64>() < params.p(theta);
                    builder
                        .answer(Answer {
                            person,
                            item,
                            correct,
                        })
                        .unwrap();
                }
            }
        }
        let responses = builder.finish();
        let build = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let report = report::report(
            &responses,
            &Config {
                level: 2,
                ..Config::default()
            },
        );
        let wall = started.elapsed().as_secs_f64();
        println!(
            "{:>10}  {:>7}  {build:>7.2}  {wall:>8.3}  {:>6}",
            responses.n_answers(),
            responses.n_people(),
            report.groups.len()
        );
    }
}

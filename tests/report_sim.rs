//! The HR report on a synthetic organisation that took the adaptive test through the same code
//! path as real users (`cat::Session` on the shipped bank's pool and rules).
//!
//! 10 teams (5 areas × 2) × 40 caseworkers (and a smaller run with 24). Overall θ is drawn from
//! N(team mean, 1), team means spread evenly over [−1, 1]. In 12 planted team × topic cells every
//! member answers as if their θ were 1.0 (0.8) logit lower. The report's relative statistic must
//! find the planted cells and few others, and must beat the naive raw wrong-rate at the same
//! number of flags.
//!
//!     cargo test --test tests report_sim -- --nocapture

use std::collections::BTreeSet;

use forvalt::bank::{self, Status};
use forvalt::cat::{Exposure, Next, Session};
use forvalt::report::{self, Config, ResponsesBuilder};
use forvalt::simulate::simulee_rng;
use rand::RngExt;
use statrs::distribution::Normal;

const AREAS: usize = 5;
const TEAMS_PER_AREA: usize = 2;
const PLANTED: usize = 12;

struct Outcome {
    recall: f64,
    precision: f64,
    flagged: usize,
    irt_recall_at_k: f64,
    raw_recall_at_k: f64,
}

fn team_path(team: usize) -> String {
    format!(
        "Område {}/Team {}",
        team / TEAMS_PER_AREA + 1,
        team % TEAMS_PER_AREA + 1
    )
}

fn run(seed: u64, people: usize, deficit: f64, fdr: f64, spread: f64) -> Outcome {
    let bank = bank::load(
        &crate::support::repo().join("item-bank"),
        jiff::civil::date(2026, 11, 23),
    )
    .bank
    .expect("shipped bank is valid");
    let (pool, _) = bank.pool(Status::Active);
    let rules = bank.rules(Exposure::Randomesque { k: 4 });
    let n_topics = bank.topics.len();
    let n_teams = AREAS * TEAMS_PER_AREA;

    // Planted cells and team means, from the seed.
    let mut rng = simulee_rng(seed, u64::MAX - 1);
    let mut planted = BTreeSet::new();
    while planted.len() < PLANTED {
        planted.insert((rng.random_range(0..n_teams), rng.random_range(0..n_topics)));
    }
    let mut means: Vec<f64> = (0..n_teams)
        .map(|i| spread * (-1.0 + 2.0 * i as f64 / (n_teams - 1) as f64))
        .collect();
    for i in (1..means.len()).rev() {
        means.swap(i, rng.random_range(0..=i));
    }

    let normal = Normal::standard();
    let mut builder = ResponsesBuilder::new(n_topics);
    for (team, &mean) in means.iter().enumerate() {
        let path = team_path(team);
        for k in 0..people {
            let index = (team * people + k) as u64;
            let mut rng = simulee_rng(seed, index);
            let theta = mean + rng.sample(normal);
            let person = builder.person(&format!("p{index}"), &path).unwrap();
            let mut session = Session::new(&pool, &rules, &[]);
            while let Next::Item(ix) = session.next(&pool, &rules, &mut rng) {
                let item = pool.item(ix);
                let offset = if planted.contains(&(team, item.topic)) {
                    deficit
                } else {
                    0.0
                };
                let correct = rng.random::<f64>() < item.params.p(theta + offset);
                session.answer(&pool, &rules, ix, correct).unwrap();
                let item_ix = builder.item(item.topic, item.params).unwrap();
                builder
                    .answer(report::Answer {
                        person,
                        item: item_ix,
                        correct,
                    })
                    .unwrap();
            }
        }
    }
    let report = report::report(
        &builder.finish(),
        &Config {
            level: 2,
            fdr,
            ..Config::default()
        },
    );

    // Cells as (team, topic) with their statistics.
    let mut cells = Vec::new();
    for (team, row) in report.groups.iter().enumerate() {
        assert_eq!(row.path, team_path(team), "rows are sorted by path");
        for (t, cell) in row.cells.iter().enumerate() {
            let stats = cell.stats().expect("no team is small: nothing suppressed");
            cells.push(((team, t), stats.clone()));
        }
    }
    let flagged: BTreeSet<(usize, usize)> = cells
        .iter()
        .filter(|(_, s)| s.relative.weak)
        .map(|(c, _)| *c)
        .collect();
    let hits = flagged.intersection(&planted).count();
    let top = |key: &dyn Fn(&report::CellStats) -> f64| -> f64 {
        let mut order: Vec<_> = cells.iter().collect();
        order.sort_by(|x, y| key(&x.1).total_cmp(&key(&y.1)));
        order[..PLANTED]
            .iter()
            .filter(|(c, _)| planted.contains(c))
            .count() as f64
            / PLANTED as f64
    };
    Outcome {
        recall: hits as f64 / PLANTED as f64,
        precision: if flagged.is_empty() {
            1.0
        } else {
            hits as f64 / flagged.len() as f64
        },
        flagged: flagged.len(),
        // Most suspicious first: smallest z for the IRT statistic, lowest raw share for the raw.
        irt_recall_at_k: top(&|s| s.relative.difference / s.relative.se),
        raw_recall_at_k: top(&|s| s.raw_share_correct),
    }
}

/// Runs `seeds` and prints one line per seed; returns the means of (recall, precision, IRT
/// recall at k, raw recall at k).
fn study(
    label: &str,
    people: usize,
    deficit: f64,
    fdr: f64,
    spread: f64,
    seeds: &[u64],
) -> Vec<Outcome> {
    println!(
        "{label}: {} teams x {people} people, deficit {deficit}, FDR {fdr}",
        AREAS * TEAMS_PER_AREA
    );
    println!("seed  flagged  recall  precision  recall@{PLANTED}(irt)  recall@{PLANTED}(raw)");
    let outcomes: Vec<Outcome> = seeds
        .iter()
        .map(|&s| run(s, people, deficit, fdr, spread))
        .collect();
    for (seed, o) in seeds.iter().zip(&outcomes) {
        println!(
            "{seed:>4}  {:>7}  {:>6.2}  {:>9.2}  {:>16.2}  {:>16.2}",
            o.flagged, o.recall, o.precision, o.irt_recall_at_k, o.raw_recall_at_k
        );
    }
    let m = means(&outcomes);
    println!(
        "mean  recall {:.2}  precision {:.2}  recall@k irt {:.2} raw {:.2}",
        m[0], m[1], m[2], m[3]
    );
    outcomes
}

fn means(outcomes: &[Outcome]) -> [f64; 4] {
    let n = outcomes.len() as f64;
    let mean = |f: &dyn Fn(&Outcome) -> f64| outcomes.iter().map(f).sum::<f64>() / n;
    [
        mean(&|o| o.recall),
        mean(&|o| o.precision),
        mean(&|o| o.irt_recall_at_k),
        mean(&|o| o.raw_recall_at_k),
    ]
}

// 40 caseworkers per team and a 1-logit deficit: large enough to be found after correcting for
// 120 cells. The brief's smaller case (24 people, −0.8) is printed too: there the deficit is
// about 2.3 SE and few cells survive the FDR correction, which is the honest limit of 2–4 items
// per topic per person (see MEASUREMENT-NOTES).
#[test]
fn report_finds_planted_topic_deficits_and_beats_the_raw_wrong_rate() {
    let seeds = [1u64, 2, 3, 4, 5];
    let outcomes = study("main", 40, -1.0, 0.10, 1.0, &seeds);
    let [recall, precision, irt, raw] = means(&outcomes);
    assert!(recall >= 0.5, "mean recall {recall:.2}");
    assert!(precision >= 0.8, "mean precision {precision:.2}");
    for o in &outcomes {
        assert!(o.recall >= 0.25 && o.precision >= 0.6, "a bad seed");
    }
    assert!(irt > raw + 0.1, "IRT {irt:.2} vs raw {raw:.2}");

    let small = study("small", 24, -0.8, 0.10, 1.0, &seeds);
    let [_, small_precision, small_irt, small_raw] = means(&small);
    assert!(small_precision >= 0.8, "precision {small_precision:.2}");
    assert!(
        small_irt > small_raw,
        "IRT {small_irt:.2} vs raw {small_raw:.2}"
    );
}

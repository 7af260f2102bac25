//! Calibration (MML/EM): recovery of known parameters from sparse simulated data, anchoring,
//! non-identified items, and the CSV interchange through `forvalt calibrate`.

use std::fs;
use std::time::Instant;

use forvalt::calibrate::{Anchor, Answer, Calibration, Config, Model, Problem, calibrate};
use forvalt::irt::ItemParams;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use statrs::distribution::Normal;

use crate::support::{self, TempDir};

/// Known items: a ~ U(0.8, 2), b ~ N(0, 1) clamped to ±2.5, c fixed (0 for the 2PL).
fn true_items(n: usize, c: f64, rng: &mut StdRng) -> Vec<ItemParams> {
    let normal = Normal::standard();
    (0..n)
        .map(|_| {
            let a = rng.random_range(0.8..2.0);
            let b: f64 = rng.sample(normal);
            ItemParams::new(a, b.clamp(-2.5, 2.5), c).unwrap()
        })
        .collect()
}

/// Each person answers each item with probability `density`; θ ~ N(mean, sd).
fn simulate(
    items: &[ItemParams],
    people: usize,
    density: f64,
    (mean, sd): (f64, f64),
    rng: &mut StdRng,
) -> Vec<Answer> {
    let normal = Normal::standard();
    let mut answers = Vec::new();
    for person in 0..people {
        let z: f64 = rng.sample(normal);
        let theta = mean + sd * z;
        for (item, params) in items.iter().enumerate() {
            if rng.random::<f64>() < density {
                let correct = rng.random::<f64>() < params.p(theta);
                answers.push(Answer {
                    person,
                    item,
                    correct,
                });
            }
        }
    }
    answers
}

fn rmse(estimates: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (sum, n) = estimates.fold((0.0, 0), |(s, n), (e, t)| (s + (e - t) * (e - t), n + 1));
    (sum / n as f64).sqrt()
}

fn rmse_ab(result: &Calibration, truth: &[ItemParams], from: usize) -> (f64, f64) {
    let pairs = || result.items.iter().zip(truth).skip(from);
    (
        rmse(pairs().map(|(e, t)| (e.a, t.a()))),
        rmse(pairs().map(|(e, t)| (e.b, t.b()))),
    )
}

// 60 items, 2,000 people at 30 % density (≈ 600 answers per item). Measured with seed 2024:
// RMSE(a) = 0.183, RMSE(b) = 0.098 after 12 EM cycles (24 before SQUAREM; with all 2,000
// answering every item: 0.100 and 0.065); the thresholds leave margin.
#[test]
fn two_pl_recovery_on_sparse_data() {
    let mut rng = StdRng::seed_from_u64(2024);
    let truth = true_items(60, 0.0, &mut rng);
    let answers = simulate(&truth, 2000, 0.3, (0.0, 1.0), &mut rng);
    let started = Instant::now();
    let result = calibrate(60, &answers, &[], &Config::new(Model::TwoPl));
    let seconds = started.elapsed().as_secs_f64();
    let (rmse_a, rmse_b) = rmse_ab(&result, &truth, 0);
    eprintln!(
        "2PL: RMSE(a) = {rmse_a:.4}, RMSE(b) = {rmse_b:.4}, {} cycles, {seconds:.2} s",
        result.iterations
    );
    assert!(result.converged, "{result:?}");
    assert!(result.problems().is_empty(), "{:?}", result.problems());
    assert!(rmse_a < 0.23, "RMSE(a) = {rmse_a}");
    assert!(rmse_b < 0.13, "RMSE(b) = {rmse_b}");
    // Standard errors are of the right size: about the empirical error (measured: mean SE(a)
    // 0.166 against RMSE 0.183, mean SE(b) against RMSE(b) likewise).
    for (name, se, error) in [
        (
            "a",
            result.items.iter().map(|e| e.se_a).sum::<f64>() / 60.0,
            rmse_a,
        ),
        (
            "b",
            result.items.iter().map(|e| e.se_b).sum::<f64>() / 60.0,
            rmse_b,
        ),
    ] {
        assert!(
            (0.7 * error..1.4 * error).contains(&se),
            "mean SE({name}) = {se}, RMSE({name}) = {error}"
        );
    }
    assert!(result.items.iter().all(|e| e.c == 0.0 && e.se_c == 0.0));
}

// 60 items with c = 0.2, 3,000 people at 30 % density, Beta(5, 17) prior on c. Measured with
// seed 7: RMSE(a) = 0.213, RMSE(b) = 0.156, RMSE(c) = 0.039 after 11 EM cycles.
#[test]
fn three_pl_recovery_with_prior_on_c() {
    let mut rng = StdRng::seed_from_u64(7);
    let truth = true_items(60, 0.2, &mut rng);
    let answers = simulate(&truth, 3000, 0.3, (0.0, 1.0), &mut rng);
    let started = Instant::now();
    let result = calibrate(60, &answers, &[], &Config::new(Model::ThreePl));
    let seconds = started.elapsed().as_secs_f64();
    let (rmse_a, rmse_b) = rmse_ab(&result, &truth, 0);
    let rmse_c = rmse(result.items.iter().zip(&truth).map(|(e, t)| (e.c, t.c())));
    eprintln!(
        "3PL: RMSE(a) = {rmse_a:.4}, RMSE(b) = {rmse_b:.4}, RMSE(c) = {rmse_c:.4}, {} cycles, {seconds:.2} s, converged {}",
        result.iterations, result.converged
    );
    assert!(result.converged, "{result:?}");
    assert!(rmse_a < 0.28, "RMSE(a) = {rmse_a}");
    assert!(rmse_b < 0.2, "RMSE(b) = {rmse_b}");
    assert!(rmse_c < 0.06, "RMSE(c) = {rmse_c}");
    assert!(result.items.iter().all(|e| e.se_c > 0.0 && e.se_c < 0.2));
}

// A new cohort with θ ~ N(0.5, 1.2): with the first 30 items anchored at their true parameters
// the other 30 come out on the original scale; without anchors the N(0, 1) assumption shifts
// their difficulties by about −0.5.
#[test]
fn anchoring_keeps_the_scale() {
    let mut rng = StdRng::seed_from_u64(99);
    let truth = true_items(60, 0.0, &mut rng);
    let answers = simulate(&truth, 2000, 0.3, (0.5, 1.2), &mut rng);
    let anchors: Vec<Anchor> = (0..30)
        .map(|item| Anchor {
            item,
            a: truth[item].a(),
            b: truth[item].b(),
            c: 0.0,
        })
        .collect();
    let config = Config::new(Model::TwoPl);
    let anchored = calibrate(60, &answers, &anchors, &config);
    let free = calibrate(60, &answers, &[], &config);
    let bias = |r: &Calibration| {
        r.items[30..]
            .iter()
            .zip(&truth[30..])
            .map(|(e, t)| e.b - t.b())
            .sum::<f64>()
            / 30.0
    };
    let (_, rmse_b) = rmse_ab(&anchored, &truth, 30);
    eprintln!(
        "anchored: mean {:.3}, sd {:.3}, bias(b) {:.3}, RMSE(b) {rmse_b:.3}; free: bias(b) {:.3}",
        anchored.ability_mean,
        anchored.ability_sd,
        bias(&anchored),
        bias(&free)
    );
    assert!(anchored.converged);
    assert!(
        anchored.items[..30]
            .iter()
            .all(|e| e.anchored && e.se_b == 0.0)
    );
    assert_eq!(anchored.items[3].b, truth[3].b());
    assert!((anchored.ability_mean - 0.5).abs() < 0.1);
    assert!((anchored.ability_sd - 1.2).abs() < 0.1);
    assert!(bias(&anchored).abs() < 0.06, "{}", bias(&anchored));
    assert!(bias(&free) < -0.3, "{}", bias(&free));
    assert!(rmse_b < 0.15, "{rmse_b}");
}

// EM never lowers its objective (Dempster, Laird & Rubin 1977; with priors, the penalised
// marginal log-likelihood): plain EM, 2PL and 3PL, on sparse data.
#[test]
fn plain_em_objective_rises_at_every_cycle() {
    for (model, c, seed) in [(Model::TwoPl, 0.0, 31), (Model::ThreePl, 0.2, 32)] {
        let mut rng = StdRng::seed_from_u64(seed);
        let truth = true_items(30, c, &mut rng);
        let answers = simulate(&truth, 1000, 0.4, (0.0, 1.0), &mut rng);
        let mut config = Config::new(model);
        config.accelerate = false;
        config.max_iterations = 60;
        let result = calibrate(30, &answers, &[], &config);
        let trace = &result.objective_trace;
        assert_eq!(trace.len(), result.iterations);
        assert!(trace.len() >= 10, "{model:?}: {} cycles", trace.len());
        for (k, pair) in trace.windows(2).enumerate() {
            assert!(
                pair[1] >= pair[0] - 1e-9 * pair[0].abs(),
                "{model:?}: objective fell at cycle {}: {} -> {}",
                k + 2,
                pair[0],
                pair[1]
            );
        }
        assert!(
            trace[trace.len() - 1] > trace[0] + 1.0,
            "{model:?}: {trace:?}"
        );
    }
}

// SQUAREM changes the path, not the destination: with a tight tolerance both runs reach the
// same estimates, the accelerated one in fewer than half the E-steps (measured: 19 against
// 47) and at the same objective.
#[test]
fn accelerated_em_reaches_the_plain_em_estimates_in_fewer_cycles() {
    let mut rng = StdRng::seed_from_u64(2024);
    let truth = true_items(40, 0.0, &mut rng);
    let answers = simulate(&truth, 1500, 0.3, (0.0, 1.0), &mut rng);
    let mut config = Config::new(Model::TwoPl);
    config.tolerance = 1e-7;
    config.max_iterations = 2000;
    let fast = calibrate(40, &answers, &[], &config);
    config.accelerate = false;
    let plain = calibrate(40, &answers, &[], &config);
    eprintln!(
        "accelerated: {} E-steps, objective {:.6}; plain: {} E-steps, objective {:.6}",
        fast.iterations,
        fast.objective_trace.last().unwrap(),
        plain.iterations,
        plain.objective_trace.last().unwrap()
    );
    assert!(fast.converged && plain.converged);
    assert!(
        2 * fast.iterations < plain.iterations,
        "{} vs {}",
        fast.iterations,
        plain.iterations
    );
    for (f, p) in fast.items.iter().zip(&plain.items) {
        assert!((f.a - p.a).abs() < 1e-4, "{f:?} vs {p:?}");
        assert!((f.b - p.b).abs() < 1e-4, "{f:?} vs {p:?}");
    }
    assert!((fast.log_likelihood - plain.log_likelihood).abs() < 1e-3);
}

#[test]
fn non_identified_items_are_reported() {
    let mut rng = StdRng::seed_from_u64(5);
    let mut truth = true_items(12, 0.0, &mut rng);
    // Item 10 discriminates negatively: a calibrated item would need a < 0.
    truth[10] = ItemParams::two_pl(1.5, 0.0).unwrap();
    let mut answers = simulate(&truth, 800, 0.8, (0.0, 1.0), &mut rng);
    for answer in answers.iter_mut() {
        if answer.item == 10 {
            answer.correct = !answer.correct;
        }
    }
    // Item 12: five answers only. Item 13: every answer right.
    answers.extend((0..5).map(|person| Answer {
        person,
        item: 12,
        correct: person % 2 == 0,
    }));
    answers.extend((0..100).map(|person| Answer {
        person,
        item: 13,
        correct: true,
    }));
    let result = calibrate(14, &answers, &[], &Config::new(Model::TwoPl));
    let problems = result.problems();
    assert_eq!(
        problems,
        vec![
            (10, Problem::DiscriminationAtBound),
            (12, Problem::TooFewResponses),
            (13, Problem::AllCorrect)
        ],
        "{:?}",
        result.items
    );
    assert!(result.items[12].a.is_nan() && result.items[13].b.is_nan());
    assert_eq!(result.items[12].n, 5);
}

fn forvalt(args: &[&str]) -> (Option<i32>, String, String) {
    let out = support::forvalt(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_response_rows_name_file_and_line() {
    let dir = TempDir::new("calibrate");
    let cases = [
        ("examinee,item\np1,i1\n", ":1: missing column \"correct\""),
        (
            "examinee,item,correct\np1,i1,1\np1,i2,yes\n",
            ":3: correct = \"yes\" must be 0 or 1",
        ),
        (
            "examinee,item,correct\np1,i1,1\np2,i1,2\n",
            ":3: correct = \"2\" must be 0 or 1",
        ),
        (
            "examinee,item,correct\np1,i1,1\np2,i1,0\np1,i1,0\n",
            ":4: duplicate answer by examinee \"p1\" to item \"i1\" (first on line 2)",
        ),
        ("examinee,item,correct\n,i1,1\n", ":2: empty examinee"),
        ("examinee,item,correct\n", ":1: the file has no rows"),
        (
            "examinee,item,correct\np1,i1,1\np1,i2\n",
            ":3: malformed CSV",
        ),
    ];
    for (n, (content, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("r{n}.csv"));
        fs::write(&path, content).unwrap();
        let (code, _, stderr) = forvalt(&["calibrate", "--responses", path.to_str().unwrap()]);
        assert_eq!(code, Some(2), "case {n}: {stderr}");
        assert!(
            stderr.contains(&format!("r{n}.csv{expected}")),
            "case {n}: {stderr}"
        );
    }
}

#[test]
fn command_writes_parameters_and_reports_problems() {
    let dir = TempDir::new("calibrate-cli");
    let mut rng = StdRng::seed_from_u64(11);
    let truth = true_items(10, 0.0, &mut rng);
    let answers = simulate(&truth, 400, 0.6, (0.0, 1.0), &mut rng);
    let mut csv = String::from("examinee,item,correct\n");
    for a in &answers {
        csv.push_str(&format!(
            "p{},item{},{}\n",
            a.person,
            a.item,
            u8::from(a.correct)
        ));
    }
    csv.push_str("p1,rare,1\np2,rare,0\n");
    let responses = dir.path().join("responses.csv");
    let out = dir.path().join("params.csv");
    fs::write(&responses, csv).unwrap();
    let (code, _, stderr) = forvalt(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--model",
        "3pl",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("converged after"), "{stderr}");
    assert!(
        stderr.contains("1 items not identified") && stderr.contains("rare (n = 2): too few"),
        "{stderr}"
    );
    let written = fs::read_to_string(&out).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some("id,a,b,c,se_a,se_b,se_c,n"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 11);
    assert!(
        rows[..10]
            .iter()
            .all(|r| r[1].parse::<f64>().unwrap() > 0.0 && !r[3].is_empty())
    );
    assert_eq!(rows[10], ["rare", "", "", "", "", "", "", "2"]);

    // An iteration cap too small to converge: exit code 1 and a clear message.
    let (code, _, stderr) = forvalt(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--max-iterations",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("NOT converged after 2 EM cycles"),
        "{stderr}"
    );
}

/// LSAT-6 (Bock & Lieberman 1970): 1,000 people × 5 items, as 32 pattern counts.
fn lsat6() -> Vec<Answer> {
    let text = fs::read_to_string(support::repo().join("tests/fixtures/lsat6/patterns.csv"))
        .expect("LSAT-6 fixture");
    let mut answers = Vec::new();
    let mut person = 0;
    for line in text.lines().skip(1) {
        let fields: Vec<u32> = line.split(',').map(|f| f.trim().parse().unwrap()).collect();
        let (pattern, count) = (&fields[..5], fields[5]);
        for _ in 0..count {
            for (item, &x) in pattern.iter().enumerate() {
                answers.push(Answer {
                    person,
                    item,
                    correct: x == 1,
                });
            }
            person += 1;
        }
    }
    answers
}

/// The 2PL on LSAT-6 against the published maximum-likelihood estimates and standard errors of
/// R's ltm, `summary(ltm(LSAT ~ z1, IRT.param = TRUE))` (Rizopoulos 2006, JSS 17(5); see
/// tests/fixtures/lsat6/README.md). The prior on log a is switched off so both are plain
/// marginal ML.
#[test]
fn lsat6_two_pl_estimates_and_standard_errors_match_ltm() {
    let answers = lsat6();
    // The fixture is the published data: 1,000 people, the item p-values of the literature.
    let people = answers.iter().map(|a| a.person).max().unwrap() + 1;
    assert_eq!(people, 1000);
    for (item, p) in [0.924, 0.709, 0.553, 0.763, 0.870].into_iter().enumerate() {
        let right = answers
            .iter()
            .filter(|a| a.item == item && a.correct)
            .count();
        assert_eq!(
            right,
            (p * 1000.0_f64).round() as usize,
            "item {}",
            item + 1
        );
    }

    let mut config = Config::new(Model::TwoPl);
    config.log_a_prior_sd = None;
    config.tolerance = 1e-6;
    config.max_iterations = 5000;
    let result = calibrate(5, &answers, &[], &config);
    assert!(result.converged);

    // (b, se b, a, se a) from ltm.
    let published = [
        (-3.3597, 0.8669, 0.8254, 0.2581),
        (-1.3696, 0.3073, 0.7229, 0.1867),
        (-0.2799, 0.0997, 0.8905, 0.2326),
        (-1.8659, 0.4341, 0.6886, 0.1852),
        (-3.1236, 0.8700, 0.6575, 0.2100),
    ];
    let relative = |ours: f64, theirs: f64| (ours - theirs).abs() / theirs.abs();
    for (item, (e, &(b, se_b, a, se_a))) in result.items.iter().zip(&published).enumerate() {
        let line = format!(
            "item {}: a {:.4} ({:.4}) b {:.4} ({:.4}); ltm a {a} ({se_a}) b {b} ({se_b})",
            item + 1,
            e.a,
            e.se_a,
            e.b,
            e.se_b
        );
        eprintln!("{line}");
        assert!(relative(e.a, a) < 0.01, "{line}");
        assert!(relative(e.b, b) < 0.01, "{line}");
        // Standard errors from the full observed information, as ltm's: within 1 % (measured:
        // se(a) 0.2581, 0.1867, 0.2328, 0.1851, 0.2099; se(b) 0.8665, 0.3075, 0.0996, 0.4343,
        // 0.8712; at most 0.14 % from ltm's, the rest is its 21-point Gauss–Hermite rule
        // against our 61 nodes). They were 4–11 % smaller when each item's own block of the
        // cross-product information was inverted alone.
        for (ours, theirs) in [(e.se_a, se_a), (e.se_b, se_b)] {
            assert!(relative(ours, theirs) < 0.01, "{line}");
        }
    }
    // ltm's log-likelihood at its estimates.
    assert!(
        (result.log_likelihood - -2466.653).abs() < 0.05,
        "{}",
        result.log_likelihood
    );
}

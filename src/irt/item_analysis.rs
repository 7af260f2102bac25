//! Item analysis of live adaptive-test data: how an item behaves against the abilities of the
//! people who answered it. Pure maths on item parameters and scored answers; which answers count,
//! the thresholds for flags and the words for authors belong to the caller (`service::author`).
//!
//! - **θ̂ per test**: EAP under N(0, 1) on the [`STANDARD`] grid from the test's scored answers
//!   ([`Abilities::of_test`]).
//! - **Rest θ̂**: the EAP without the answer's own item, so that correlating an item with θ̂ is not
//!   inflated by the item correlating with itself (the reason the classical statistic uses the
//!   rest score). In a CAT everyone gets different items, so the raw score means little and the
//!   ability estimate is the standard substitute.
//! - **Point-biserial** on the rest θ̂, **infit/outfit** at θ̂, observed vs expected share correct
//!   in **ability groups**, and the expected share correct over the tested population
//!   ([`summarize`]).

use super::{ItemParams, NODES, NodeTable, STANDARD};

/// One answer of a test, as the ability estimates need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestAnswer {
    /// Index of the item in the table given to [`Abilities::new`].
    pub item: usize,
    pub correct: bool,
    /// Whether the answer enters θ̂ (answers to pretest and draft items do not).
    pub scored: bool,
}

/// The ability estimates of one test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestAbilities {
    /// EAP from all scored answers.
    pub theta: f64,
    /// Per answer, in the order given: the EAP without that answer (θ̂ itself for an answer that
    /// is not scored, since it never entered θ̂).
    pub rest: Vec<f64>,
}

/// Items tabulated on the grid, for θ̂ and rest θ̂ of many tests.
#[derive(Debug, Clone)]
pub struct Abilities {
    tables: Vec<NodeTable>,
    log_prior: [f64; NODES],
}

impl Abilities {
    /// Tables for `items`; [`TestAnswer::item`] indexes this sequence.
    pub fn new(items: impl IntoIterator<Item = ItemParams>) -> Abilities {
        Abilities {
            tables: items.into_iter().map(NodeTable::new).collect(),
            log_prior: STANDARD.normal_log_prior(0.0, 1.0),
        }
    }

    /// θ̂ and the rest θ̂ of every answer of one test. Leaving an answer out is one subtraction of
    /// its row from the log-posterior, so a test of n answers costs n + 1 EAPs.
    pub fn of_test(&self, answers: &[TestAnswer]) -> TestAbilities {
        let mut log_posterior = self.log_prior;
        for answer in answers.iter().filter(|a| a.scored) {
            add(&mut log_posterior, self.row(answer));
        }
        let theta = STANDARD.eap(&log_posterior).theta;
        let rest = answers
            .iter()
            .map(|answer| {
                if answer.scored {
                    let mut without = log_posterior;
                    subtract(&mut without, self.row(answer));
                    STANDARD.eap(&without).theta
                } else {
                    theta
                }
            })
            .collect();
        TestAbilities { theta, rest }
    }

    fn row(&self, answer: &TestAnswer) -> &[f64; NODES] {
        self.tables[answer.item].log_likelihood(answer.correct)
    }
}

fn add(into: &mut [f64; NODES], row: &[f64; NODES]) {
    into.iter_mut().zip(row).for_each(|(x, y)| *x += y);
}

fn subtract(into: &mut [f64; NODES], row: &[f64; NODES]) {
    into.iter_mut().zip(row).for_each(|(x, y)| *x -= y);
}

/// One answer to the item being analysed, with the abilities of the person who gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemAnswer {
    pub correct: bool,
    /// θ̂ without this answer (see [`TestAbilities::rest`]).
    pub rest_theta: f64,
    /// θ̂ from the whole test.
    pub theta: f64,
}

/// One ability group of the observed vs expected comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbilityGroup {
    pub n: usize,
    pub theta_low: f64,
    pub theta_high: f64,
    pub mean_theta: f64,
    /// Observed share correct.
    pub observed: f64,
    /// Mean P(θ̂) under the item's parameters.
    pub expected: f64,
}

/// The numbers item analysis gives for one item: what the author pages show and what their flags
/// are decided on.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSummary {
    pub n: usize,
    pub proportion_correct: Option<f64>,
    /// [`point_biserial`] on the rest θ̂.
    pub point_biserial: Option<f64>,
    /// [`fit`] at θ̂.
    pub infit: Option<f64>,
    pub outfit: Option<f64>,
    /// [`ability_groups`] by θ̂.
    pub groups: Vec<AbilityGroup>,
    /// Mean P(θ̂) over every tested person (`population`).
    pub population_expected: Option<f64>,
}

/// The [`ItemSummary`] of an item with parameters `params` from its `answers`, with `population`
/// the θ̂ of every tested person and `groups` ability groups.
pub fn summarize(
    params: ItemParams,
    answers: &[ItemAnswer],
    population: &[f64],
    groups: usize,
) -> ItemSummary {
    let n = answers.len();
    let with_rest: Vec<(bool, f64)> = answers.iter().map(|a| (a.correct, a.rest_theta)).collect();
    let with_theta: Vec<(bool, f64)> = answers.iter().map(|a| (a.correct, a.theta)).collect();
    let fit = fit(params, &with_theta);
    ItemSummary {
        n,
        proportion_correct: (n > 0)
            .then(|| answers.iter().filter(|a| a.correct).count() as f64 / n as f64),
        point_biserial: point_biserial(&with_rest),
        infit: fit.map(|f| f.0),
        outfit: fit.map(|f| f.1),
        groups: ability_groups(params, &with_theta, groups),
        population_expected: (!population.is_empty()).then(|| {
            population.iter().map(|&t| params.p(t)).sum::<f64>() / population.len() as f64
        }),
    }
}

/// The point-biserial correlation: Pearson's r between a 0/1 item score and a continuous
/// criterion (here θ̂), r = (M₁ − M₀) / s · √(p q) with s the population SD of the criterion
/// (Lord & Novick 1968, § 15.3). `None` with fewer than two answers, or when either variable is
/// constant.
pub fn point_biserial(pairs: &[(bool, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    let right: Vec<f64> = pairs.iter().filter(|p| p.0).map(|p| p.1).collect();
    let wrong: Vec<f64> = pairs.iter().filter(|p| !p.0).map(|p| p.1).collect();
    if right.is_empty() || wrong.is_empty() {
        return None;
    }
    let mean = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let sd = (pairs.iter().map(|p| (p.1 - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd == 0.0 {
        return None;
    }
    let m1 = right.iter().sum::<f64>() / right.len() as f64;
    let m0 = wrong.iter().sum::<f64>() / wrong.len() as f64;
    let p = right.len() as f64 / n;
    Some((m1 - m0) / sd * (p * (1.0 - p)).sqrt())
}

/// Infit and outfit mean squares of an item's answers at the given abilities (Wright & Masters
/// 1982): outfit = (1/n) Σ (x − P)² / (P(1 − P)), infit = Σ (x − P)² / Σ P(1 − P).
pub fn fit(params: ItemParams, pairs: &[(bool, f64)]) -> Option<(f64, f64)> {
    if pairs.is_empty() {
        return None;
    }
    let (mut squared, mut variance, mut standardized) = (0.0, 0.0, 0.0);
    for &(correct, theta) in pairs {
        let p = params.p(theta);
        let w = p * (1.0 - p);
        let residual = f64::from(u8::from(correct)) - p;
        squared += residual * residual;
        variance += w;
        standardized += residual * residual / w;
    }
    Some((squared / variance, standardized / pairs.len() as f64))
}

/// Observed vs expected share correct in up to `groups` groups of (nearly) equal size, by θ̂.
pub fn ability_groups(
    params: ItemParams,
    pairs: &[(bool, f64)],
    groups: usize,
) -> Vec<AbilityGroup> {
    let mut sorted = pairs.to_vec();
    sorted.sort_by(|x, y| x.1.total_cmp(&y.1));
    let groups = groups.min(sorted.len());
    (0..groups)
        .map(|g| {
            let part = &sorted[g * sorted.len() / groups..(g + 1) * sorted.len() / groups];
            let n = part.len() as f64;
            AbilityGroup {
                n: part.len(),
                theta_low: part[0].1,
                theta_high: part[part.len() - 1].1,
                mean_theta: part.iter().map(|p| p.1).sum::<f64>() / n,
                observed: part.iter().filter(|p| p.0).count() as f64 / n,
                expected: part.iter().map(|p| params.p(p.1)).sum::<f64>() / n,
            }
        })
        .collect()
}

/// The median; `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The EAP of a test from `responses` alone, by the estimator of the adaptive test.
    fn reference_eap(responses: &[(ItemParams, bool)]) -> super::super::Estimate {
        let responses: Vec<super::super::Response> = responses
            .iter()
            .map(|&(params, correct)| super::super::Response { params, correct })
            .collect();
        super::super::eap(&responses, super::super::Prior::default())
    }

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-9
    }

    #[test]
    fn point_biserial_matches_a_hand_computed_value() {
        // Criterion 1, 2, 3, 4 with scores 0, 0, 1, 1: M1 = 3.5, M0 = 1.5, mean 2.5,
        // population SD √1.25, p = q = 0.5: r = 2 / √1.25 · 0.5 = 0.894427…
        let pairs = [(false, 1.0), (false, 2.0), (true, 3.0), (true, 4.0)];
        assert!(close(
            point_biserial(&pairs).unwrap(),
            2.0 / 1.25f64.sqrt() * 0.5
        ));
        // Equals Pearson's r computed directly: cov = 0.5, sd_x = 0.5, sd_y = √1.25.
        assert!(close(
            point_biserial(&pairs).unwrap(),
            0.5 / (0.5 * 1.25f64.sqrt())
        ));
        // Reversed scores: negative.
        let reversed = [(true, 1.0), (true, 2.0), (false, 3.0), (false, 4.0)];
        assert!(point_biserial(&reversed).unwrap() < 0.0);
        // Undefined without variation.
        assert_eq!(point_biserial(&[(true, 1.0), (true, 2.0)]), None);
        assert_eq!(point_biserial(&[(true, 1.0), (false, 1.0)]), None);
    }

    #[test]
    fn infit_and_outfit_match_hand_computed_values() {
        // Rasch item b = 0 at θ = 0: P = 0.5, W = 0.25. Answers 1 and 0: residuals ±0.5,
        // squared 0.25 each; outfit = mean(0.25 / 0.25) = 1, infit = 0.5 / 0.5 = 1.
        let rasch = ItemParams::rasch(0.0).unwrap();
        let (infit, outfit) = fit(rasch, &[(true, 0.0), (false, 0.0)]).unwrap();
        assert!(close(infit, 1.0) && close(outfit, 1.0));
        // At θ = ln 3, P = 0.75, W = 0.1875. A wrong answer there: residual² = 0.5625,
        // z² = 3. Together with a right answer at θ = 0 (residual² 0.25, W 0.25, z² 1):
        // outfit = (3 + 1) / 2 = 2, infit = (0.5625 + 0.25) / (0.1875 + 0.25) = 1.857142…
        let (infit, outfit) = fit(rasch, &[(false, 3f64.ln()), (true, 0.0)]).unwrap();
        assert!(close(outfit, 2.0), "{outfit}");
        assert!(close(infit, 0.8125 / 0.4375), "{infit}");
        assert_eq!(fit(rasch, &[]), None);
    }

    #[test]
    fn ability_groups_split_by_theta_and_compare_observed_with_expected() {
        let rasch = ItemParams::rasch(0.0).unwrap();
        let pairs: Vec<(bool, f64)> = (0..10).map(|i| (i >= 5, i as f64 - 4.5)).collect();
        let groups = ability_groups(rasch, &pairs, 5);
        assert_eq!(groups.len(), 5);
        assert!(groups.iter().all(|g| g.n == 2));
        assert_eq!(groups[0].observed, 0.0);
        assert_eq!(groups[4].observed, 1.0);
        assert!(close(groups[0].mean_theta, -4.0));
        // Expected in the lowest group: mean of P(−4.5) and P(−3.5).
        let expected = (rasch.p(-4.5) + rasch.p(-3.5)) / 2.0;
        assert!(close(groups[0].expected, expected));
        // Fewer answers than groups: one group per answer.
        assert_eq!(ability_groups(rasch, &pairs[..3], 5).len(), 3);
        assert!(ability_groups(rasch, &[], 5).is_empty());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    // Moved from `service::author`: the EAP without answers is the prior mean, and removing an
    // answer's likelihood restores the posterior without it.
    #[test]
    fn eap_on_the_grid_is_the_prior_mean_without_answers() {
        let abilities = Abilities::new([ItemParams::new(1.2, 0.3, 0.2).unwrap()]);
        assert!(abilities.of_test(&[]).theta.abs() < 1e-12);
        let with = abilities.of_test(&[TestAnswer {
            item: 0,
            correct: true,
            scored: true,
        }]);
        assert!(with.theta > 0.0);
        assert!(with.rest[0].abs() < 1e-9);
    }

    // θ̂ of a test with no scored answers is the prior mean; the rest θ̂ of a scored answer is the
    // EAP of the other answers, and an unscored answer's rest θ̂ is θ̂ itself.
    #[test]
    fn rest_theta_is_the_eap_without_the_answer() {
        let items = [
            ItemParams::new(1.2, 0.3, 0.2).unwrap(),
            ItemParams::new(0.9, -0.8, 0.25).unwrap(),
            ItemParams::new(1.5, 1.1, 0.2).unwrap(),
        ];
        let abilities = Abilities::new(items);
        let none = abilities.of_test(&[]);
        assert!(none.theta.abs() < 1e-12 && none.rest.is_empty());
        let answer = |item, correct, scored| TestAnswer {
            item,
            correct,
            scored,
        };
        let test = [
            answer(0, true, true),
            answer(1, false, true),
            answer(2, true, false),
        ];
        let got = abilities.of_test(&test);
        let full = reference_eap(&[(items[0], true), (items[1], false)]).theta;
        assert!(close(got.theta, full), "{} vs {full}", got.theta);
        assert!(close(
            got.rest[0],
            reference_eap(&[(items[1], false)]).theta
        ));
        assert!(close(got.rest[1], reference_eap(&[(items[0], true)]).theta));
        assert_eq!(got.rest[2], got.theta);
        // A right answer raises θ̂: leaving it out lowers it, leaving out a wrong one raises it.
        assert!(got.rest[0] < got.theta && got.rest[1] > got.theta);
    }

    // Hand-computed: three answers to a Rasch item at b = 0 with θ̂ 0, 0 and ln 3, right, wrong,
    // right; rest θ̂ −1, 1, 2. Proportion 2/3; P = 0.5, 0.5, 0.75, so outfit = (1 + 1 + 1/3)/3 =
    // 7/9 and infit = (0.25 + 0.25 + 0.0625)/(0.25 + 0.25 + 0.1875) = 0.818181…; the rest θ̂
    // (−1, 1, 2) with scores (1, 0, 1) give M₁ = 0.5, M₀ = 1, mean 2/3, population SD √(14/9),
    // p = 2/3: r = −0.5 / √(14/9) · √(2/9) = −0.188982…; the population (0, 2) expects
    // (0.5 + σ(2))/2 = 0.690398….
    #[test]
    fn summary_matches_hand_computed_values() {
        let rasch = ItemParams::rasch(0.0).unwrap();
        let answers = [
            ItemAnswer {
                correct: true,
                rest_theta: -1.0,
                theta: 0.0,
            },
            ItemAnswer {
                correct: false,
                rest_theta: 1.0,
                theta: 0.0,
            },
            ItemAnswer {
                correct: true,
                rest_theta: 2.0,
                theta: 3f64.ln(),
            },
        ];
        let s = summarize(rasch, &answers, &[0.0, 2.0], 5);
        assert_eq!(s.n, 3);
        assert!(close(s.proportion_correct.unwrap(), 2.0 / 3.0));
        assert!(close(s.outfit.unwrap(), 7.0 / 9.0), "{:?}", s.outfit);
        assert!(close(s.infit.unwrap(), 0.5625 / 0.6875), "{:?}", s.infit);
        let r = -0.5 / (14.0f64 / 9.0).sqrt() * (2.0f64 / 9.0).sqrt();
        assert!(
            close(s.point_biserial.unwrap(), r),
            "{:?}",
            s.point_biserial
        );
        assert!(close(s.point_biserial.unwrap(), -0.188_982_236_5));
        let sigma2 = 1.0 / (1.0 + (-2.0f64).exp());
        assert!(close(s.population_expected.unwrap(), (0.5 + sigma2) / 2.0));
        assert!(close(s.population_expected.unwrap(), 0.690_398_539_0));
        assert_eq!(s.groups.len(), 3);
        let empty = summarize(rasch, &[], &[], 5);
        assert_eq!(
            (empty.n, empty.proportion_correct, empty.point_biserial),
            (0, None, None)
        );
        assert_eq!((empty.infit, empty.population_expected), (None, None));
        assert!(empty.groups.is_empty());
    }
}

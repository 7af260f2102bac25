//! Estimating a shift on the θ scale from responses with item parameters fixed, by Fisher
//! scoring, and the Benjamini–Hochberg step-up procedure.

use statrs::distribution::{ContinuousCDF, Normal};

use crate::irt::ItemParams;

/// The largest |shift| reported; a cell with only right (or only wrong) answers has no finite
/// maximum-likelihood shift and ends at this bound with a large SE.
pub(super) const SHIFT_BOUND: f64 = 6.0;
/// Fisher scoring stops once every step is smaller than this (logits).
pub(super) const TOLERANCE: f64 = 1e-5;
pub(super) const MAX_ITERATIONS: usize = 50;

/// Score (d log L / dθ) and Fisher information of one response at θ = `x`, weighted by `n`
/// answers of which `right` were correct. Same formulas as
/// [`ItemParams::log_likelihood_derivatives`] and [`ItemParams::information`] (Lord 1980,
/// eq. 5-19; Baker & Kim 2004, ch. 5), with one exponential for both:
/// score = a·s·(r − n·P)/P, information = n·a²·(1 − c)·s·(1 − s)·s/P, s the 2PL part.
#[inline]
pub(super) fn score_information(params: &ItemParams, x: f64, n: f64, right: f64) -> (f64, f64) {
    let (a, c) = (params.a(), params.c());
    let z = a * (x - params.b());
    let s = if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    };
    let p = c + (1.0 - c) * s;
    let s_over_p = if c == 0.0 { 1.0 } else { s / p };
    (
        a * s_over_p * (right - n * p),
        n * a * a * (1.0 - c) * s * (1.0 - s) * s_over_p,
    )
}

/// Items with a larger discrimination are fitted with [`score_information`] in every pass: for
/// them e^{−a·δ} may leave the range of a double within ±[`SHIFT_BOUND`].
pub(super) const MAX_FACTORED_A: f64 = 100.0;

/// e^{−z} = e^{−a(θ − b)} of an item at θ: the part of [`score_information_exp`]'s argument that
/// does not change while a shift is fitted, since e^{−a(θ + δ − b)} = e^{−a(θ − b)} · e^{−a·δ}.
#[inline]
pub(super) fn exp_minus_z(params: &ItemParams, theta: f64) -> f64 {
    (-params.a() * (theta - params.b())).exp()
}

/// [`score_information`] for one answer (n = 1) from e = e^{−z}, without an exponential:
/// s = 1/(1 + e), 1 − s = e·s, s/P = 1/(1 + c·e), both quotients from one division. e is capped at
/// 1e300 (z < −690, where s and P − c are below 1e−300), so e = ∞ gives the limits, not NaN.
#[inline]
pub(super) fn score_information_exp(a: f64, c: f64, e: f64, right: f64) -> (f64, f64) {
    let e = e.min(1e300);
    let (one_e, one_ce) = (1.0 + e, 1.0 + c * e);
    let inverse = 1.0 / (one_e * one_ce);
    let s = one_ce * inverse;
    let s_over_p = one_e * inverse;
    let p = c + (1.0 - c) * s;
    (
        a * s_over_p * (right - p),
        a * a * (1.0 - c) * s * (e * s) * s_over_p,
    )
}

/// One Fisher-scoring step from `shift` given the summed score and information; steps are capped
/// at 1 logit and the result kept within ±[`SHIFT_BOUND`].
pub(super) fn step(shift: f64, score: f64, information: f64) -> f64 {
    if information <= 0.0 {
        return shift;
    }
    (shift + (score / information).clamp(-1.0, 1.0)).clamp(-SHIFT_BOUND, SHIFT_BOUND)
}

/// The ML shift δ for responses `(offset, params, correct)` under P(correct) = P_i(offset + δ),
/// with its Fisher information at the estimate. Used where the responses of one cell are at hand;
/// the report itself runs the same iteration for all cells at once.
#[cfg(test)]
pub(super) fn fit_shift(responses: &[(f64, ItemParams, bool)]) -> (f64, f64) {
    let mut shift = 0.0;
    for _ in 0..MAX_ITERATIONS {
        let (score, information) =
            responses
                .iter()
                .fold((0.0, 0.0), |(s, i), (offset, params, correct)| {
                    let (ds, di) = score_information(
                        params,
                        offset + shift,
                        1.0,
                        f64::from(u8::from(*correct)),
                    );
                    (s + ds, i + di)
                });
        let next = step(shift, score, information);
        let done = (next - shift).abs() < TOLERANCE;
        shift = next;
        if done {
            break;
        }
    }
    let information = responses
        .iter()
        .map(|(offset, params, _)| params.information(offset + shift))
        .sum();
    (shift, information)
}

/// The one-sided p-value for "the true difference is below 0" against "it is 0 or above":
/// Φ(difference / se). Small when the estimate is well below 0.
pub(super) fn p_below(difference: f64, se: f64) -> f64 {
    if !(se > 0.0 && se.is_finite()) {
        return 1.0;
    }
    Normal::standard().cdf(difference / se)
}

/// Which of `p_values` the Benjamini–Hochberg step-up procedure rejects at false discovery rate
/// `q` (Benjamini & Hochberg 1995): with p₍₁₎ ≤ … ≤ p₍ₘ₎, reject the k smallest where k is the
/// largest rank with p₍ₖ₎ ≤ k·q/m. Controls the FDR at q for independent or positively dependent
/// tests (Benjamini & Yekutieli 2001), which one-sided tests of cells sharing a reference are.
pub(super) fn benjamini_hochberg(p_values: &[f64], q: f64) -> Vec<bool> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]).then(i.cmp(&j)));
    let cutoff = order
        .iter()
        .enumerate()
        .filter(|&(rank, &ix)| p_values[ix] <= (rank + 1) as f64 * q / m as f64)
        .map(|(rank, _)| rank + 1)
        .max()
        .unwrap_or(0);
    let mut rejected = vec![false; m];
    for &ix in &order[..cutoff] {
        rejected[ix] = true;
    }
    rejected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tol: f64) {
        assert!(
            (actual - expected).abs() <= tol,
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn score_and_information_match_the_irt_module() {
        let item = ItemParams::new(1.3, 0.4, 0.2).unwrap();
        for x in [-3.0, -0.5, 0.4, 2.2] {
            for correct in [false, true] {
                let (score, information) =
                    score_information(&item, x, 1.0, f64::from(u8::from(correct)));
                close(score, item.log_likelihood_derivatives(x, correct).0, 1e-12);
                close(information, item.information(x), 1e-12);
            }
        }
    }

    // Rasch items of equal difficulty b answered by people whose abilities are all fixed at θ:
    // the ML equation Σ(u − P) = 0 gives P(θ + δ) = r/n, so δ = logit(r/n) − (θ − b), and the
    // information is n·p·(1 − p), so SE = 1/√(n·p·(1 − p)).
    #[test]
    fn rasch_shift_has_its_closed_form() {
        let (theta, b) = (0.4, -0.2);
        let item = ItemParams::rasch(b).unwrap();
        let responses: Vec<(f64, ItemParams, bool)> =
            (0..40).map(|i| (theta, item, i < 13)).collect();
        let (shift, information) = fit_shift(&responses);
        let p: f64 = 13.0 / 40.0;
        close(shift, (p / (1.0 - p)).ln() - (theta - b), 1e-6);
        close(
            1.0 / information.sqrt(),
            1.0 / (40.0 * p * (1.0 - p)).sqrt(),
            1e-6,
        );
        // 13 of 40: logit(0.325) = −0.7309; δ = −0.7309 − 0.6 = −1.3309; SE = 1/√8.775 = 0.33758.
        close(shift, -1.330_9, 1e-4);
        close(1.0 / information.sqrt(), 0.337_58, 1e-5);
    }

    #[test]
    fn factored_score_and_information_match_the_direct_formulas() {
        for item in [
            ItemParams::new(1.3, 0.4, 0.2).unwrap(),
            ItemParams::rasch(-0.7).unwrap(),
            ItemParams::new(2.5, 1.5, 0.3).unwrap(),
        ] {
            for theta in [-6.0, -2.0, -0.3, 0.4, 1.7, 6.0] {
                for shift in [-6.0, -1.0, 0.0, 0.25, 3.0, 6.0] {
                    let e = exp_minus_z(&item, theta) * (-item.a() * shift).exp();
                    for right in [0.0, 1.0] {
                        let direct = score_information(&item, theta + shift, 1.0, right);
                        let factored = score_information_exp(item.a(), item.c(), e, right);
                        close(factored.0, direct.0, 1e-12 * (1.0 + direct.0.abs()));
                        close(factored.1, direct.1, 1e-12 * (1.0 + direct.1.abs()));
                    }
                }
            }
        }
        // The limits: far below and far above the item.
        let (score, information) = score_information_exp(1.0, 0.25, f64::INFINITY, 0.0);
        assert!(score == 0.0 && information == 0.0);
        let (score, information) = score_information_exp(1.0, 0.0, 0.0, 1.0);
        assert!(score == 0.0 && information == 0.0);
    }

    // Two Rasch items with people at different abilities: no closed form, but the estimating
    // equation must hold at the estimate.
    #[test]
    fn shift_solves_the_estimating_equation_under_the_3pl() {
        let hard = ItemParams::new(1.2, 1.0, 0.25).unwrap();
        let easy = ItemParams::new(0.8, -1.0, 0.2).unwrap();
        let responses = vec![
            (0.5, hard, true),
            (0.5, easy, true),
            (-0.3, hard, false),
            (-0.3, easy, true),
            (1.1, hard, false),
            (1.1, easy, false),
        ];
        let (shift, _) = fit_shift(&responses);
        let score: f64 = responses
            .iter()
            .map(|(o, p, u)| p.log_likelihood_derivatives(o + shift, *u).0)
            .sum();
        close(score, 0.0, 1e-6);
    }

    #[test]
    fn all_right_ends_at_the_bound() {
        let item = ItemParams::rasch(0.0).unwrap();
        let (shift, _) = fit_shift(&[(0.0, item, true), (0.0, item, true)]);
        assert_eq!(shift, SHIFT_BOUND);
    }

    // Benjamini & Hochberg's own illustration (1995, section 4): 15 p-values, q = 0.05, the
    // four smallest are rejected.
    #[test]
    fn benjamini_hochberg_reproduces_the_paper_example() {
        let p = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.0,
        ];
        let rejected = benjamini_hochberg(&p, 0.05);
        assert_eq!(rejected.iter().filter(|&&r| r).count(), 4);
        assert!(rejected[..4].iter().all(|&r| r));
    }

    #[test]
    fn p_below_is_the_normal_tail() {
        close(p_below(-1.959_963_985, 1.0), 0.025, 1e-9);
        close(p_below(0.0, 0.3), 0.5, 1e-12);
        assert_eq!(p_below(-1.0, 0.0), 1.0);
    }
}

//! Ability estimation: EAP (the default), MAP and MLE.

use super::ItemParams;
use super::quadrature::STANDARD;

/// The lowest and highest θ any estimator reports. Far outside any plausible caseworker and outside
/// the difficulty range `bank check` allows, so clamping here never hides a real estimate.
pub const THETA_MIN: f64 = -6.0;
pub const THETA_MAX: f64 = 6.0;
/// Quadrature nodes of the adaptive test on [THETA_MIN, THETA_MAX]: step 0.1 (the grid
/// [`super::STANDARD`]; see [`super::Grid`]).
pub const NODES: usize = 121;

/// One scored answer: the parameters of the item answered and whether the answer was right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Response {
    pub params: ItemParams,
    pub correct: bool,
}

/// An ability estimate with its standard error, both on the logit scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub theta: f64,
    pub se: f64,
}

/// Which ability estimator to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimator {
    /// Expected a posteriori (Bock & Mislevy 1982): posterior mean by quadrature, posterior SD as SE.
    #[default]
    Eap,
    /// Maximum a posteriori (posterior mode), Newton–Raphson safeguarded by bisection.
    Map,
    /// Maximum likelihood; falls back to EAP while all answers are right or all wrong, where the
    /// likelihood has no finite maximum.
    Mle,
}

/// A normal prior on θ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    mean: f64,
    sd: f64,
}

impl Prior {
    /// A normal prior; `None` unless `mean` is finite and `sd` finite and positive.
    pub fn normal(mean: f64, sd: f64) -> Option<Prior> {
        (mean.is_finite() && sd.is_finite() && sd > 0.0).then_some(Prior { mean, sd })
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    pub fn sd(&self) -> f64 {
        self.sd
    }
}

impl Default for Prior {
    /// The standard normal N(0, 1), the scale the item parameters are expressed on.
    fn default() -> Prior {
        Prior { mean: 0.0, sd: 1.0 }
    }
}

/// The posterior of θ on a fixed quadrature grid, updated one response at a time.
///
/// Holding the log-density lets an adaptive test add each answer in O(nodes) instead of
/// re-integrating all answers at every step; with a [`NodeTable`] per item the update is
/// additions only. The log-prior is kept too, so the log-likelihood on the grid (for bracketing
/// the MLE) costs nothing extra.
#[derive(Debug, Clone)]
pub struct Posterior {
    log_prior: [f64; NODES],
    log_density: [f64; NODES],
}

/// An item's log P(θ) and log Q(θ) at the quadrature nodes, computed once per item.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeTable {
    log_p: Box<[f64; NODES]>,
    log_q: Box<[f64; NODES]>,
}

impl NodeTable {
    pub fn new(params: ItemParams) -> NodeTable {
        let (mut log_p, mut log_q) = (Box::new([0.0; NODES]), Box::new([0.0; NODES]));
        for k in 0..NODES {
            (log_p[k], log_q[k]) = params.log_p_q(node(k));
        }
        NodeTable { log_p, log_q }
    }

    /// log P(θ) (for a right answer) or log Q(θ) (wrong) at the nodes.
    pub fn log_likelihood(&self, correct: bool) -> &[f64; NODES] {
        if correct { &self.log_p } else { &self.log_q }
    }
}

impl Posterior {
    pub fn new(prior: Prior) -> Posterior {
        let log_prior = STANDARD.normal_log_prior(prior.mean, prior.sd);
        Posterior {
            log_prior,
            log_density: log_prior,
        }
    }

    /// Multiply in the likelihood of one more response.
    pub fn update(&mut self, response: Response) {
        self.update_tabulated(&NodeTable::new(response.params), response.correct);
    }

    /// [`Posterior::update`] with the item's values at the nodes already computed.
    pub fn update_tabulated(&mut self, table: &NodeTable, correct: bool) {
        for (value, add) in self
            .log_density
            .iter_mut()
            .zip(table.log_likelihood(correct))
        {
            *value += add;
        }
    }

    /// Posterior mean and standard deviation (EAP estimate and its SE).
    pub fn eap(&self) -> Estimate {
        STANDARD.eap(&self.log_density)
    }

    /// MAP estimate (see [`map`]); `responses` must be the responses this posterior holds.
    pub fn map(&self, responses: &[Response], prior: Prior) -> Estimate {
        let precision = 1.0 / (prior.sd * prior.sd);
        let theta = maximize(
            |k| self.log_density[k],
            |theta| {
                let (value, first, second) = log_likelihood(responses, theta);
                let deviation = theta - prior.mean;
                (
                    value - 0.5 * deviation * deviation * precision,
                    first - deviation * precision,
                    second - precision,
                )
            },
        );
        let information = test_information(responses, theta) + precision;
        Estimate {
            theta,
            se: 1.0 / information.sqrt(),
        }
    }

    /// MLE (see [`mle`]); `responses` must be the responses this posterior holds, whose prior
    /// serves as the fallback.
    pub fn mle(&self, responses: &[Response]) -> Estimate {
        let any_right = responses.iter().any(|r| r.correct);
        let any_wrong = responses.iter().any(|r| !r.correct);
        if !(any_right && any_wrong) {
            return self.eap();
        }
        let theta = maximize(
            |k| self.log_density[k] - self.log_prior[k],
            |theta| log_likelihood(responses, theta),
        );
        let information = test_information(responses, theta).max(f64::MIN_POSITIVE);
        Estimate {
            theta,
            se: 1.0 / information.sqrt(),
        }
    }
}

/// θ at quadrature node `k`.
pub fn node(k: usize) -> f64 {
    STANDARD.node(k)
}

/// Where `theta` falls on the node grid: the node `k` at or below it (clamped to the grid) and
/// the weight `w` of node `k + 1` for linear interpolation.
pub fn grid_position(theta: f64) -> (usize, f64) {
    STANDARD.position(theta)
}

/// EAP estimate from a set of responses under `prior`.
pub fn eap(responses: &[Response], prior: Prior) -> Estimate {
    posterior(responses, prior).eap()
}

fn posterior(responses: &[Response], prior: Prior) -> Posterior {
    let mut posterior = Posterior::new(prior);
    for &response in responses {
        posterior.update(response);
    }
    posterior
}

/// MAP estimate: the posterior mode, with SE = 1/√(I(θ̂) + 1/σ²) (test information plus prior
/// precision; Bock & Mislevy 1982).
pub fn map(responses: &[Response], prior: Prior) -> Estimate {
    posterior(responses, prior).map(responses, prior)
}

/// MLE: the likelihood maximum within [THETA_MIN, THETA_MAX], with SE = 1/√I(θ̂).
///
/// With no responses, or only right or only wrong answers, the likelihood rises without bound
/// and there is no MLE; the usual fallback (e.g. Magis & Raîche 2012) is a Bayesian estimate, here
/// EAP under `fallback`. A mixed pattern can still peak at a bound under the 3PL (the likelihood
/// levels off at c^k as θ → −∞); the bound is then reported, with its large SE.
pub fn mle(responses: &[Response], fallback: Prior) -> Estimate {
    posterior(responses, fallback).mle(responses)
}

/// Sum of item information at `theta`.
fn test_information(responses: &[Response], theta: f64) -> f64 {
    responses.iter().map(|r| r.params.information(theta)).sum()
}

/// Log-likelihood and its first two derivatives at `theta`.
fn log_likelihood(responses: &[Response], theta: f64) -> (f64, f64, f64) {
    responses
        .iter()
        .fold((0.0, 0.0, 0.0), |(value, first, second), r| {
            let (log_p, log_q) = r.params.log_p_q(theta);
            let (d1, d2) = r.params.log_likelihood_derivatives(theta, r.correct);
            (
                value + if r.correct { log_p } else { log_q },
                first + d1,
                second + d2,
            )
        })
}

/// Maximise a smooth function of θ on [THETA_MIN, THETA_MAX], given as θ ↦ (value, f′, f″) and
/// by its values at the quadrature nodes (`on_grid`, which a posterior already holds).
///
/// A grid search first brackets the global maximum (the 3PL likelihood can have more than one
/// local maximum); Newton–Raphson then refines it, falling back to bisection on f′ whenever a
/// Newton step would leave the bracket or f″ ≥ 0 (where Newton would head for a minimum).
fn maximize(on_grid: impl Fn(usize) -> f64, f: impl Fn(f64) -> (f64, f64, f64)) -> f64 {
    let best = (0..NODES)
        .map(|k| (k, on_grid(k)))
        .fold((0, f64::NEG_INFINITY), |best, (k, v)| {
            if v > best.1 { (k, v) } else { best }
        });
    let k = best.0;
    let mut lo = node(k.saturating_sub(1));
    let mut hi = node((k + 1).min(NODES - 1));
    let mut theta = node(k);
    for _ in 0..100 {
        let (_, first, second) = f(theta);
        if first > 0.0 {
            lo = theta;
        } else {
            hi = theta;
        }
        let newton = theta - first / second;
        let next = if second < 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - theta).abs() < 1e-10 || hi - lo < 1e-10 {
            return next;
        }
        theta = next;
    }
    theta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::testing::close;

    fn responses(items: &[(f64, f64, f64, bool)]) -> Vec<Response> {
        items
            .iter()
            .map(|&(a, b, c, correct)| Response {
                params: ItemParams::new(a, b, c).unwrap(),
                correct,
            })
            .collect()
    }

    #[test]
    fn eap_without_responses_is_the_prior() {
        let e = eap(&[], Prior::normal(0.5, 0.8).unwrap());
        close(e.theta, 0.5, 1e-9);
        close(e.se, 0.8, 1e-9);
    }

    // Reference values by adaptive quadrature over the real line (scipy.integrate.quad), independent
    // of our grid: one Rasch item at b = 0 answered right under N(0, 1) has posterior mean
    // E[θσ(θ)]/E[σ(θ)] = 0.4132419, posterior SD 0.9106213.
    #[test]
    fn eap_matches_independent_quadrature() {
        let one = eap(&responses(&[(1.0, 0.0, 0.0, true)]), Prior::default());
        close(one.theta, 0.413_241_928_3, 1e-7);
        close(one.se, 0.910_621_276_2, 1e-7);

        let mixed = eap(
            &responses(&[
                (1.2, -1.0, 0.2, true),
                (0.8, 0.0, 0.25, true),
                (1.5, 1.0, 0.2, false),
                (1.0, 0.5, 0.0, false),
            ]),
            Prior::default(),
        );
        close(mixed.theta, -0.170_535_698_2, 1e-7);
        close(mixed.se, 0.774_562_809_6, 1e-7);
    }

    // MLE for Rasch items b = −1, 0, 1 with answers right, right, wrong solves Σ P_i(θ) = 2;
    // scipy.optimize.brentq gives θ = 0.8029343811 and SE = 1/√(Σ PQ) = 1.3099815827.
    #[test]
    fn mle_known_value() {
        let e = mle(
            &responses(&[
                (1.0, -1.0, 0.0, true),
                (1.0, 0.0, 0.0, true),
                (1.0, 1.0, 0.0, false),
            ]),
            Prior::default(),
        );
        close(e.theta, 0.802_934_381_1, 1e-8);
        close(e.se, 1.309_981_582_7, 1e-8);
    }

    #[test]
    fn mle_falls_back_to_eap_for_all_right_or_all_wrong() {
        let all_right = responses(&[(1.0, 0.0, 0.2, true), (1.0, 1.0, 0.2, true)]);
        let all_wrong = responses(&[(1.0, 0.0, 0.2, false), (1.0, 1.0, 0.2, false)]);
        assert_eq!(
            mle(&all_right, Prior::default()),
            eap(&all_right, Prior::default())
        );
        assert_eq!(
            mle(&all_wrong, Prior::default()),
            eap(&all_wrong, Prior::default())
        );
        assert_eq!(mle(&[], Prior::default()), eap(&[], Prior::default()));
    }

    // MAP for one Rasch item at b = 0 answered right under N(0, 1) solves 1 − σ(θ) = θ:
    // θ = 0.4010581375 (scipy brentq); SE = 1/√(σ(1 − σ) + 1) at that θ = 0.8979502934.
    #[test]
    fn map_known_value() {
        let e = map(&responses(&[(1.0, 0.0, 0.0, true)]), Prior::default());
        close(e.theta, 0.401_058_137_5, 1e-8);
        close(e.se, 0.897_950_293_4, 1e-8);
    }

    #[test]
    fn map_handles_non_concave_3pl_likelihood() {
        // A right answer on a hard, guessable item and wrong answers on easy ones: the 3PL
        // log-likelihood has a positive second derivative over part of the range. MAP must still
        // find the global mode, which we check against a fine grid search.
        let r = responses(&[
            (2.5, 2.0, 0.3, true),
            (1.0, -1.0, 0.25, false),
            (1.0, -0.5, 0.25, false),
        ]);
        let prior = Prior::default();
        let e = map(&r, prior);
        let log_post = |t: f64| log_likelihood(&r, t).0 - 0.5 * t * t;
        let grid_best =
            (0..=120_000)
                .map(|i| -6.0 + i as f64 * 1e-4)
                .fold((0.0, f64::NEG_INFINITY), |b, t| {
                    let v = log_post(t);
                    if v > b.1 { (t, v) } else { b }
                });
        close(e.theta, grid_best.0, 2e-4);
    }

    #[test]
    fn estimators_stay_in_range_for_extreme_patterns() {
        let hard_right: Vec<Response> = responses(&[(3.0, 3.9, 0.0, true); 40]);
        for estimate in [
            eap(&hard_right, Prior::default()),
            map(&hard_right, Prior::default()),
            mle(&hard_right, Prior::default()),
        ] {
            assert!(estimate.theta.is_finite() && estimate.se.is_finite());
            assert!((THETA_MIN..=THETA_MAX).contains(&estimate.theta));
        }
        // A mixed 3PL pattern whose likelihood peaks at −∞ reports the bound.
        let r = responses(&[
            (1.0, 0.0, 0.3, false),
            (1.0, 0.0, 0.3, false),
            (2.0, 3.0, 0.3, true),
        ]);
        let e = mle(&r, Prior::default());
        assert!(e.theta.is_finite() && e.se.is_finite(), "{e:?}");
    }

    #[test]
    fn incremental_posterior_equals_batch_eap() {
        let r = responses(&[(1.2, -1.0, 0.2, true), (0.8, 0.0, 0.25, false)]);
        let mut posterior = Posterior::new(Prior::default());
        for &response in &r {
            posterior.update(response);
        }
        assert_eq!(posterior.eap(), eap(&r, Prior::default()));
    }
}

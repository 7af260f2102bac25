//! The 3PL item response function and Fisher information.

use std::fmt;

/// Parameters of one item under the 3PL model (logistic metric, no 1.7 constant).
///
/// Invariants, checked by [`ItemParams::new`]: every value is finite, `a > 0` and `0 ≤ c < 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemParams {
    a: f64,
    b: f64,
    c: f64,
}

/// Why a set of item parameters was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    #[error("parameter {0} is not a finite number")]
    NotFinite(&'static str),
    #[error("discrimination a must be > 0, got {0}")]
    Discrimination(f64),
    #[error("guessing c must be in [0, 1), got {0}")]
    Guessing(f64),
}

impl ItemParams {
    /// Checked constructor for a 3PL item: discrimination `a`, difficulty `b`, lower asymptote `c`.
    pub fn new(a: f64, b: f64, c: f64) -> Result<ItemParams, ParamError> {
        for (name, value) in [("a", a), ("b", b), ("c", c)] {
            if !value.is_finite() {
                return Err(ParamError::NotFinite(name));
            }
        }
        if a <= 0.0 {
            return Err(ParamError::Discrimination(a));
        }
        if !(0.0..1.0).contains(&c) {
            return Err(ParamError::Guessing(c));
        }
        Ok(ItemParams { a, b, c })
    }

    /// A 2PL item (c = 0).
    pub fn two_pl(a: f64, b: f64) -> Result<ItemParams, ParamError> {
        ItemParams::new(a, b, 0.0)
    }

    /// A Rasch (1PL) item: a = 1, c = 0.
    pub fn rasch(b: f64) -> Result<ItemParams, ParamError> {
        ItemParams::new(1.0, b, 0.0)
    }

    pub fn a(&self) -> f64 {
        self.a
    }

    pub fn b(&self) -> f64 {
        self.b
    }

    pub fn c(&self) -> f64 {
        self.c
    }

    /// Probability of a correct answer at ability `theta`:
    /// P(θ) = c + (1 − c) / (1 + exp(−a(θ − b)))  (Birnbaum 1968; Lord 1980, eq. 2-1 without D).
    pub fn p(&self, theta: f64) -> f64 {
        self.c + (1.0 - self.c) * logistic(self.z(theta))
    }

    /// Fisher information at `theta` (Lord 1980, eq. 5-19 with D = 1):
    /// I(θ) = a² · (Q/P) · ((P − c)/(1 − c))².
    ///
    /// Written as a² · (1 − c) · s · (1 − s) · (s / P) with s the 2PL part, which stays finite
    /// where P and s both underflow (far below b with c = 0).
    pub fn information(&self, theta: f64) -> f64 {
        let s = logistic(self.z(theta));
        let p = self.c + (1.0 - self.c) * s;
        if p <= 0.0 {
            return 0.0;
        }
        self.a * self.a * (1.0 - self.c) * s * (1.0 - s) * (s / p)
    }

    /// log P(θ) and log Q(θ) = log(1 − P(θ)), computed without cancellation at extreme θ.
    pub fn log_p_q(&self, theta: f64) -> (f64, f64) {
        let z = self.z(theta);
        let log_q = (1.0 - self.c).ln() + log_logistic(-z);
        let log_p = if self.c == 0.0 {
            log_logistic(z)
        } else {
            (self.c + (1.0 - self.c) * logistic(z)).ln()
        };
        (log_p, log_q)
    }

    /// First and second derivative of the log-likelihood of one response with respect to θ.
    ///
    /// d/dθ  = a (P − c)(u − P) / ((1 − c) P)
    /// d²/dθ² = a² (P − c) Q (c·u / P² − 1) / (1 − c)²   (Baker & Kim 2004, ch. 5; reduces to −a²PQ
    /// for c = 0). The second derivative can be positive for a correct answer when P < √c: the
    /// 3PL likelihood is not log-concave, which is why [`super::map`] safeguards its Newton steps.
    pub fn log_likelihood_derivatives(&self, theta: f64, correct: bool) -> (f64, f64) {
        // With s the 2PL part, P − c = (1 − c)s and Q = (1 − c)(1 − s), so the formulas become
        // d/dθ = a·s·(u − P)/P and d²/dθ² = a²·s·(1 − s)·(c·u/P² − 1). For c = 0, s/P = 1 exactly;
        // using that avoids 0/0 where s underflows.
        let (a, c) = (self.a, self.c);
        let s = logistic(self.z(theta));
        let p = c + (1.0 - c) * s;
        let u = if correct { 1.0 } else { 0.0 };
        let s_over_p = if c == 0.0 { 1.0 } else { s / p };
        let guess_term = if c == 0.0 { 0.0 } else { c * u / (p * p) };
        let first = a * s_over_p * (u - p);
        let second = a * a * s * (1.0 - s) * (guess_term - 1.0);
        (first, second)
    }

    fn z(&self, theta: f64) -> f64 {
        self.a * (theta - self.b)
    }
}

impl fmt::Display for ItemParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a={} b={} c={}", self.a, self.b, self.c)
    }
}

/// The standard logistic function 1 / (1 + e^−z), evaluated without overflow for any finite z.
pub(crate) fn logistic(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// log(logistic(z)) = −log(1 + e^−z), exact for large |z|.
pub(crate) fn log_logistic(z: f64) -> f64 {
    if z >= 0.0 {
        -(-z).exp().ln_1p()
    } else {
        z - z.exp().ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::testing::close;

    #[test]
    fn constructor_refuses_invalid_parameters() {
        assert_eq!(
            ItemParams::new(0.0, 0.0, 0.2),
            Err(ParamError::Discrimination(0.0))
        );
        assert_eq!(
            ItemParams::new(-1.0, 0.0, 0.2),
            Err(ParamError::Discrimination(-1.0))
        );
        assert_eq!(
            ItemParams::new(1.0, 0.0, 1.0),
            Err(ParamError::Guessing(1.0))
        );
        assert_eq!(
            ItemParams::new(1.0, 0.0, -0.1),
            Err(ParamError::Guessing(-0.1))
        );
        assert_eq!(
            ItemParams::new(f64::NAN, 0.0, 0.0),
            Err(ParamError::NotFinite("a"))
        );
        assert_eq!(
            ItemParams::new(1.0, f64::INFINITY, 0.0),
            Err(ParamError::NotFinite("b"))
        );
        assert!(ItemParams::new(1.0, 0.0, 0.0).is_ok());
    }

    // Hand-computed: at θ = b the 2PL part is 1/2, so P = c + (1 − c)/2.
    #[test]
    fn probability_at_difficulty() {
        close(
            ItemParams::new(1.0, 0.0, 0.25).unwrap().p(0.0),
            0.625,
            1e-15,
        );
        close(ItemParams::two_pl(2.0, 1.3).unwrap().p(1.3), 0.5, 1e-15);
        close(ItemParams::rasch(-0.7).unwrap().p(-0.7), 0.5, 1e-15);
    }

    // Published values: with D = 1, a = 1, b = 0, θ = 1 the logistic is 1/(1 + e^−1) = 0.7310585786.
    // 3PL with a = 1.5, b = 0.5, c = 0.2, θ = −1: z = −2.25, s = 0.0953494649, P = 0.2762795719.
    #[test]
    fn probability_known_values() {
        close(
            ItemParams::rasch(0.0).unwrap().p(1.0),
            0.731_058_578_6,
            1e-10,
        );
        close(
            ItemParams::new(1.5, 0.5, 0.2).unwrap().p(-1.0),
            0.276_279_571_9,
            1e-10,
        );
    }

    // Hand-computed with Lord's formula: a = 1, b = 0, c = 0.25, θ = 0: P = .625, Q = .375,
    // ((P − c)/(1 − c))² = .25, Q/P = .6, so I = .15. For the 2PL at θ = b, I = a²/4.
    #[test]
    fn information_known_values() {
        close(
            ItemParams::new(1.0, 0.0, 0.25).unwrap().information(0.0),
            0.15,
            1e-15,
        );
        close(
            ItemParams::two_pl(1.8, -0.4).unwrap().information(-0.4),
            0.81,
            1e-15,
        );
        // a = 1.5, b = 0.5, c = 0.2, θ = −1: P = 0.2762795719, Q = 0.7237204281,
        // I = 0.0535847360 (computed independently in Python)
        let item = ItemParams::new(1.5, 0.5, 0.2).unwrap();
        let (p, q) = (item.p(-1.0), 1.0 - item.p(-1.0));
        let lord = 1.5 * 1.5 * (q / p) * ((p - 0.2) / 0.8).powi(2);
        close(item.information(-1.0), lord, 1e-14);
        close(item.information(-1.0), 0.053_584_736, 1e-8);
    }

    #[test]
    fn information_peak_of_3pl_is_above_b() {
        // Lord (1980, eq. 5-20): θ_max = b + ln((1 + √(1 + 8c)) / 2) / a.
        let item = ItemParams::new(1.2, 0.3, 0.25).unwrap();
        let theta_max = 0.3 + ((1.0 + (1.0f64 + 8.0 * 0.25).sqrt()) / 2.0).ln() / 1.2;
        let h = 1e-4;
        assert!(item.information(theta_max) > item.information(theta_max - h));
        assert!(item.information(theta_max) > item.information(theta_max + h));
    }

    #[test]
    fn extreme_values_stay_finite() {
        for item in [
            ItemParams::new(4.0, 3.0, 0.0).unwrap(),
            ItemParams::new(0.05, -4.0, 0.3).unwrap(),
            ItemParams::new(50.0, 0.0, 0.2).unwrap(),
        ] {
            for theta in [-1e6, -800.0, -40.0, 0.0, 40.0, 800.0, 1e6] {
                let p = item.p(theta);
                let info = item.information(theta);
                let (lp, lq) = item.log_p_q(theta);
                let (d1, d2) = item.log_likelihood_derivatives(theta, theta > 0.0);
                assert!((0.0..=1.0).contains(&p), "{item} θ={theta}: P={p}");
                assert!(
                    info.is_finite() && info >= 0.0,
                    "{item} θ={theta}: I={info}"
                );
                assert!(lp <= 0.0 && lq <= 0.0, "{item} θ={theta}: {lp} {lq}");
                assert!(
                    d1.is_finite() && d2.is_finite(),
                    "{item} θ={theta}: {d1} {d2}"
                );
            }
        }
    }

    #[test]
    fn log_probabilities_are_exact_in_the_tails() {
        let item = ItemParams::two_pl(1.0, 0.0).unwrap();
        // log σ(−40) = −40 − log(1 + e^−40) ≈ −40; P itself is about 4e−18.
        let (lp, lq) = item.log_p_q(-40.0);
        close(lp, -40.0, 1e-12);
        close(lq, -4.248_354_255_291_589e-18, 1e-25);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let item = ItemParams::new(1.3, 0.4, 0.2).unwrap();
        let h = 1e-5;
        for correct in [true, false] {
            let ll = |t: f64| {
                let (lp, lq) = item.log_p_q(t);
                if correct { lp } else { lq }
            };
            for theta in [-2.0, -0.3, 0.4, 1.7] {
                let (d1, d2) = item.log_likelihood_derivatives(theta, correct);
                close(d1, (ll(theta + h) - ll(theta - h)) / (2.0 * h), 1e-7);
                close(
                    d2,
                    (ll(theta + h) - 2.0 * ll(theta) + ll(theta - h)) / (h * h),
                    1e-4,
                );
            }
        }
    }
}

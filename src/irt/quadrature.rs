//! Quadrature grids for θ and the one EAP computed on them.
//!
//! Every posterior in the crate lives on an equally spaced grid on [[`THETA_MIN`], [`THETA_MAX`]]:
//! the adaptive test and the author statistics on 121 nodes ([`STANDARD`]), the HR report on 49
//! (millions of leave-topic-out EAPs per cycle), the calibration on 61 (an E-step per EM cycle).
//! The number of nodes is the one parameter, a const generic so that every row on the grid is a
//! fixed-size array the compiler can vectorise. On an equally spaced grid the trapezoid rule is
//! spectrally accurate for smooth integrands that vanish at both ends, as posteriors do, so equal
//! weights are the quadrature weights and a prior enters as its density at the nodes.

use super::Estimate;
use super::estimate::{THETA_MAX, THETA_MIN};

/// `N` equally spaced quadrature nodes on [[`THETA_MIN`], [`THETA_MAX`]] (N ≥ 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<const N: usize> {
    theta: [f64; N],
}

/// The grid of the adaptive test and the author statistics: 121 nodes, step 0.1.
pub static STANDARD: Grid<{ super::NODES }> = Grid::new();

impl<const N: usize> Grid<N> {
    /// The grid; a `const fn` so that a module can hold its grid in a `const`.
    pub const fn new() -> Grid<N> {
        assert!(N >= 2, "a quadrature grid needs at least two nodes");
        let mut theta = [0.0; N];
        let mut k = 0;
        while k < N {
            theta[k] = THETA_MIN + (THETA_MAX - THETA_MIN) * k as f64 / (N - 1) as f64;
            k += 1;
        }
        Grid { theta }
    }

    /// θ at node `k`.
    pub fn node(&self, k: usize) -> f64 {
        self.theta[k]
    }

    /// θ at every node.
    pub fn nodes(&self) -> &[f64; N] {
        &self.theta
    }

    /// Where `theta` falls on the grid: the node `k` at or below it (clamped to the grid) and the
    /// weight `w` of node `k + 1` for linear interpolation.
    pub fn position(&self, theta: f64) -> (usize, f64) {
        let step = (THETA_MAX - THETA_MIN) / (N - 1) as f64;
        let x = ((theta - THETA_MIN) / step).clamp(0.0, (N - 1) as f64);
        let k = (x.floor() as usize).min(N - 2);
        (k, x - k as f64)
    }

    /// The log-density of N(mean, sd²) at the nodes up to a constant, −(θ − mean)²/(2 sd²): the
    /// log prior weights of an EAP. A constant offset does not change any posterior moment.
    pub fn normal_log_prior(&self, mean: f64, sd: f64) -> [f64; N] {
        let precision = 1.0 / (sd * sd);
        self.theta.map(|theta| {
            let d = theta - mean;
            -0.5 * d * d * precision
        })
    }

    /// The density of N(mean, sd²) at the nodes, scaled to 1 at the mean (`exp` of
    /// [`Grid::normal_log_prior`]): the prior weights for [`Grid::eap_of_product`].
    pub fn normal_prior(&self, mean: f64, sd: f64) -> [f64; N] {
        self.normal_log_prior(mean, sd).map(f64::exp)
    }

    /// The EAP estimate (Bock & Mislevy 1982): posterior mean and SD of θ whose log-density on
    /// the nodes, prior included, is `log_density` up to a constant. The density is rescaled to 1
    /// at its maximum before exponentiating, so no weight overflows and the largest is exact.
    pub fn eap(&self, log_density: &[f64; N]) -> Estimate {
        let max = log_density
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let (mut total, mut first, mut second) = (0.0, 0.0, 0.0);
        for (value, theta) in log_density.iter().zip(&self.theta) {
            let weight = (value - max).exp();
            total += weight;
            first += weight * theta;
            second += weight * theta * theta;
        }
        moments(total, first, second)
    }

    /// Mean and SD of θ under non-negative `weights` on the nodes (NaN when they sum to 0): the
    /// EAP of a posterior given by its density, or the moments of a population's mass.
    pub fn moments(&self, weights: &[f64; N]) -> Estimate {
        let (mut total, mut first, mut second) = (0.0, 0.0, 0.0);
        for (weight, theta) in weights.iter().zip(&self.theta) {
            total += weight;
            first += weight * theta;
            second += weight * theta * theta;
        }
        moments(total, first, second)
    }

    /// The posterior mean of θ whose density on the nodes is `prior[k] · likelihood[k]`, with the
    /// posterior's total mass: the EAP in the likelihood domain, with no exponential at all, for
    /// callers that keep likelihood products (see `report`). The mass lets the caller check that
    /// the products did not underflow; the mean is NaN when the mass is 0.
    pub fn eap_of_product(&self, prior: &[f64; N], likelihood: &[f64; N]) -> ProductEap {
        // Four partial sums, so the additions need not wait for each other (and vectorise).
        let (mut mass, mut first) = ([0.0; LANES], [0.0; LANES]);
        let ((xs, x_rest), (ys, y_rest)) =
            (prior.as_chunks::<LANES>(), likelihood.as_chunks::<LANES>());
        let (ts, t_rest) = self.theta.as_chunks::<LANES>();
        for ((x, y), theta) in xs.iter().zip(ys).zip(ts) {
            for l in 0..LANES {
                let weight = x[l] * y[l];
                mass[l] += weight;
                first[l] += weight * theta[l];
            }
        }
        for ((x, y), theta) in x_rest.iter().zip(y_rest).zip(t_rest) {
            mass[0] += x * y;
            first[0] += x * y * theta;
        }
        let mass = (mass[0] + mass[1]) + (mass[2] + mass[3]);
        ProductEap {
            mass,
            theta: ((first[0] + first[1]) + (first[2] + first[3])) / mass,
        }
    }
}

impl<const N: usize> Default for Grid<N> {
    fn default() -> Grid<N> {
        Grid::new()
    }
}

/// What [`Grid::eap_of_product`] returns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProductEap {
    /// The sum of the posterior weights (unnormalised).
    pub mass: f64,
    /// The posterior mean.
    pub theta: f64,
}

const LANES: usize = 4;

fn moments(total: f64, first: f64, second: f64) -> Estimate {
    let theta = first / total;
    let variance = (second / total - theta * theta).max(0.0);
    Estimate {
        theta,
        se: variance.sqrt(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::testing::close;
    use crate::irt::{ItemParams, Prior, Response, eap};

    fn log_posterior<const N: usize>(grid: &Grid<N>, items: &[(f64, f64, f64, bool)]) -> [f64; N] {
        let mut density = grid.normal_log_prior(0.0, 1.0);
        for &(a, b, c, correct) in items {
            let params = ItemParams::new(a, b, c).unwrap();
            for (value, &theta) in density.iter_mut().zip(grid.nodes()) {
                let (log_p, log_q) = params.log_p_q(theta);
                *value += if correct { log_p } else { log_q };
            }
        }
        density
    }

    #[test]
    fn nodes_are_equally_spaced_on_the_theta_range() {
        let grid = Grid::<49>::new();
        assert_eq!(grid.node(0), THETA_MIN);
        assert_eq!(grid.node(48), THETA_MAX);
        close(grid.node(1) - grid.node(0), 0.25, 1e-15);
        assert_eq!(STANDARD.node(60), 0.0);
        let (k, w) = grid.position(-0.1);
        assert_eq!(k, 23);
        close(w, 0.6, 1e-12);
        assert_eq!(grid.position(100.0), (47, 1.0));
        assert_eq!(grid.position(-100.0), (0, 0.0));
    }

    // The same reference values as `estimate::tests::eap_matches_independent_quadrature`
    // (scipy.integrate.quad over the real line, independent of any grid), here on the report's
    // coarse 49-node grid (step 0.25) and the calibration's 61-node grid (step 0.2): one Rasch
    // item at b = 0 answered right under N(0, 1) has posterior mean 0.4132419283 and SD
    // 0.9106212762; the mixed 3PL pattern −0.1705356982 and 0.7745628096. At step 0.25 the
    // trapezoid rule on these smooth posteriors is still accurate to about 1e−9.
    #[test]
    fn eap_on_coarse_grids_matches_independent_quadrature() {
        let one = [(1.0, 0.0, 0.0, true)];
        let mixed = [
            (1.2, -1.0, 0.2, true),
            (0.8, 0.0, 0.25, true),
            (1.5, 1.0, 0.2, false),
            (1.0, 0.5, 0.0, false),
        ];
        let coarse = Grid::<49>::new();
        let e = coarse.eap(&log_posterior(&coarse, &one));
        close(e.theta, 0.413_241_928_3, 1e-7);
        close(e.se, 0.910_621_276_2, 1e-7);
        let e = coarse.eap(&log_posterior(&coarse, &mixed));
        close(e.theta, -0.170_535_698_2, 1e-7);
        close(e.se, 0.774_562_809_6, 1e-7);
        let calibration = Grid::<61>::new();
        let e = calibration.eap(&log_posterior(&calibration, &mixed));
        close(e.theta, -0.170_535_698_2, 1e-7);
        close(e.se, 0.774_562_809_6, 1e-7);
    }

    #[test]
    fn standard_grid_eap_is_the_irt_estimator() {
        let items = [(1.2, -1.0, 0.2, true), (0.8, 0.0, 0.25, false)];
        let responses: Vec<Response> = items
            .iter()
            .map(|&(a, b, c, correct)| Response {
                params: ItemParams::new(a, b, c).unwrap(),
                correct,
            })
            .collect();
        let ours = STANDARD.eap(&log_posterior(&STANDARD, &items));
        let irt = eap(&responses, Prior::default());
        close(ours.theta, irt.theta, 1e-12);
        close(ours.se, irt.se, 1e-12);
    }

    // The likelihood-domain EAP is the log-domain one: exp(log prior + log likelihood).
    #[test]
    fn eap_of_product_equals_the_log_domain_eap() {
        let grid = Grid::<49>::new();
        let prior = grid.normal_prior(0.4, 0.8);
        let log = log_posterior(&grid, &[(1.1, 0.3, 0.2, true), (0.9, -0.5, 0.0, false)]);
        let flat = grid.normal_log_prior(0.0, 1.0);
        let mut likelihood = [0.0; 49];
        for k in 0..49 {
            likelihood[k] = (log[k] - flat[k]).exp();
        }
        let mut log_density = grid.normal_log_prior(0.4, 0.8);
        for k in 0..49 {
            log_density[k] += log[k] - flat[k];
        }
        let product = grid.eap_of_product(&prior, &likelihood);
        close(product.theta, grid.eap(&log_density).theta, 1e-12);
        assert!(product.mass > 0.0);
        // Moments of a density are the EAP of its log.
        let density: [f64; 49] = log_density.map(f64::exp);
        close(grid.moments(&density).se, grid.eap(&log_density).se, 1e-12);
        assert!(grid.eap_of_product(&[0.0; 49], &likelihood).theta.is_nan());
    }
}

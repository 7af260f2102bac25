//! Item response theory: the three-parameter logistic model and ability estimation.
//!
//! Pure maths: nothing here does I/O, reads a clock or draws random numbers, and nothing can fail
//! once an [`ItemParams`] exists (its constructor is the one place parameters are checked).
//!
//! The metric is logistic *without* the 1.7 scaling constant, as in mirt and catsim:
//! P(θ) = c + (1 − c) / (1 + exp(−a(θ − b))). The 2PL is the case c = 0, the Rasch/1PL model the
//! case c = 0, a = 1.
//!
//! Every posterior is held on a quadrature [`Grid`] of equally spaced nodes on [`THETA_MIN`],
//! [`THETA_MAX`]; the number of nodes is the caller's choice (121 for the adaptive test and the
//! author statistics, 49 for the HR report, 61 for calibration) and [`Grid::eap`] is the one EAP.
//! [`item_analysis`] holds the item statistics the author pages show.

pub mod dif;
mod estimate;
pub mod item_analysis;
mod model;
mod quadrature;

pub use estimate::{
    Estimate, Estimator, NODES, NodeTable, Posterior, Prior, Response, THETA_MAX, THETA_MIN, eap,
    grid_position, map, mle, node,
};
pub(crate) use model::logistic;
pub use model::{ItemParams, ParamError};
pub use quadrature::{Grid, ProductEap, STANDARD};

/// Helpers for the unit tests of this module.
#[cfg(test)]
mod testing {
    /// Assert that `actual` is within `tol` of `expected`.
    pub fn close(actual: f64, expected: f64, tol: f64) {
        assert!(
            (actual - expected).abs() <= tol,
            "expected {expected}, got {actual} (tolerance {tol})"
        );
    }
}

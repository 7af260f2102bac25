//! Item response theory: the three-parameter logistic model and ability estimation.
//!
//! Pure maths: nothing here does I/O, reads a clock or draws random numbers, and nothing can fail
//! once an [`ItemParams`] exists (its constructor is the one place parameters are checked).
//!
//! The metric is logistic *without* the 1.7 scaling constant, as in mirt and catsim:
//! P(θ) = c + (1 − c) / (1 + exp(−a(θ − b))). The 2PL is the case c = 0, the Rasch/1PL model the
//! case c = 0, a = 1.

mod estimate;
mod model;

pub use estimate::{
    Estimate, Estimator, NODES, NodeTable, Posterior, Prior, Response, THETA_MAX, THETA_MIN, eap,
    grid_position, map, mle, node,
};
pub use model::{ItemParams, ParamError};

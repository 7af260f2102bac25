//! The adaptive test, split the way the CAT literature (and catsim) splits it:
//!
//! - [`start`]: where a test begins (the initial ability estimate);
//! - [`select`]: which item comes next — maximum Fisher information subject to the topic
//!   [`Blueprint`], exclusions (items seen in earlier cycles, enemies) and [`Exposure`] control;
//! - [`estimate`]: the ability estimate after each answer (EAP, MAP or MLE from [`crate::irt`]);
//! - [`stop`]: when the test ends.
//!
//! [`Session`] holds the state of one test and ties the four together. Like [`crate::irt`], this
//! module does no I/O and reads no clock; randomness comes only from the `Rng` a caller passes in,
//! so every test is reproducible from a seed.

mod blueprint;
mod pool;
mod session;

pub mod estimate;
pub mod select;
pub mod start;
pub mod stop;

pub use blueprint::{Blueprint, BlueprintError, TopicRange};
pub use pool::{Pool, PoolError, PoolItem};
pub use select::Exposure;
pub use session::{AnswerError, Next, Session};
pub use stop::StopReason;

use crate::irt::{Estimator, Prior};

/// Everything that decides how a test runs, shared by all sessions on the same pool.
#[derive(Debug, Clone)]
pub struct Rules {
    pub blueprint: Blueprint,
    pub estimator: Estimator,
    pub prior: Prior,
    /// Stop once the standard error is at or below this (and the blueprint minimums are met).
    pub se_target: f64,
    pub exposure: Exposure,
}

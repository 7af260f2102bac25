//! Initialization: where a test starts.

use super::Rules;
use crate::irt::Estimate;

/// The estimate before any answer: the prior mean with the prior SD as its standard error.
///
/// Starting every caseworker at the same point makes the first items the same for everyone; the
/// exposure control in [`super::select`] is what spreads them over the bank.
pub fn initial_estimate(rules: &Rules) -> Estimate {
    Estimate {
        theta: rules.prior.mean(),
        se: rules.prior.sd(),
    }
}

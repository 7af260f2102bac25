//! Estimation: the ability estimate after each answer.

use super::{Pool, Rules};
use crate::irt::{Estimate, Estimator, Posterior, Response};

/// The estimate after the answers in `answered` (item index, correct), with `posterior` already
/// holding all of them. EAP reads the posterior directly; MAP and MLE maximise over the responses.
pub fn update(
    pool: &Pool,
    rules: &Rules,
    posterior: &Posterior,
    answered: &[(usize, bool)],
) -> Estimate {
    let responses = || -> Vec<Response> {
        answered
            .iter()
            .map(|&(ix, correct)| Response {
                params: pool.item(ix).params,
                correct,
            })
            .collect()
    };
    match rules.estimator {
        Estimator::Eap => posterior.eap(),
        Estimator::Map => posterior.map(&responses(), rules.prior),
        Estimator::Mle => posterior.mle(&responses()),
    }
}

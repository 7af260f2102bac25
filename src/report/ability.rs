//! Each person's ability from everything but one topic (leave-topic-out EAP), on a coarse grid.
//!
//! The report needs one EAP per person *and topic* — twelve per person, millions per cycle — so
//! it uses a 49-node [`Grid`] (step 0.25 on [−6, 6]) and a per-item table of P and Q on that grid.
//! The grid, its prior weights and the EAP itself are `irt`'s; what is the report's own is the
//! bookkeeping that makes leaving each topic out cheap.
//! Posteriors with SD ≥ 0.3 are integrated to within 1e−3 logit by the trapezoid rule at this step.
//!
//! The fast path works with likelihoods rather than log-likelihoods, so no exponential is taken per
//! person: a topic's likelihood curve is the product of its answers' rows of P or Q (49
//! multiplications per answer); the posterior without topic t is the prior (tabulated once per
//! group) times the product of the other topics' curves, from running prefix and suffix products.
//! Every factor is at most 1, so a product is exact to rounding unless it falls below the smallest
//! normal double (≈ 2.2e−308), and then its absolute error is below that. The posterior weights are
//! required to sum to at least [`TINY`] = 1e−200, so any such error is below 1e−100 relative, far
//! under the rounding of the result. A person failing that check (some hundreds of answers, or
//! absurd item parameters) is computed in the log domain instead ([`log_domain`]), which never
//! underflows: log P and log Q are summed per topic and leaving a topic out is one subtraction of
//! its curve from the total.

use super::input::ReportItem;
use crate::irt::Grid;

pub(super) const NODES: usize = 49;
static GRID: Grid<NODES> = Grid::new();

/// log P (row 2·i + 1) and log Q (row 2·i) of every item at every node, and the same as P and Q.
pub(super) struct ItemTable {
    rows: Vec<[f64; NODES]>,
    likelihoods: Vec<[f64; NODES]>,
}

impl ItemTable {
    pub(super) fn new(items: &[ReportItem]) -> ItemTable {
        let mut rows = Vec::with_capacity(items.len() * 2);
        for item in items {
            let mut log_q = [0.0; NODES];
            let mut log_p = [0.0; NODES];
            for k in 0..NODES {
                (log_p[k], log_q[k]) = item.params.log_p_q(GRID.node(k));
            }
            rows.push(log_q);
            rows.push(log_p);
        }
        let likelihoods = rows.iter().map(|row| row.map(f64::exp)).collect();
        ItemTable { rows, likelihoods }
    }

    pub(super) fn likelihood(&self, item: u32, correct: bool) -> &[f64; NODES] {
        &self.likelihoods[item as usize * 2 + usize::from(correct)]
    }

    pub(super) fn row(&self, item: u32, correct: bool) -> &[f64; NODES] {
        &self.rows[item as usize * 2 + usize::from(correct)]
    }
}

/// The log-density of N(mean, sd²) on the grid, up to a constant.
pub(super) fn normal_prior(mean: f64, sd: f64) -> [f64; NODES] {
    GRID.normal_log_prior(mean, sd)
}

/// The density of N(mean, sd²) on the grid, scaled to 1 at the mean (`exp` of [`normal_prior`]).
pub(super) fn normal_prior_density(mean: f64, sd: f64) -> [f64; NODES] {
    GRID.normal_prior(mean, sd)
}

/// The smallest sum of posterior weights that the likelihood-domain path accepts (see the module
/// docs).
const TINY: f64 = 1e-200;

/// Posterior mean from the unnormalised weights `x[k]·y[k]`; `None` when they are too small to trust.
#[inline]
fn mean_of(x: &[f64; NODES], y: &[f64; NODES]) -> Option<f64> {
    let eap = GRID.eap_of_product(x, y);
    (eap.mass >= TINY).then_some(eap.theta)
}

/// `curve` ×= `row`, node by node (on copies, so that the compiler sees no aliasing and uses
/// vector instructions).
#[inline]
fn multiply(curve: &mut [f64; NODES], row: &[f64; NODES]) {
    let (mut out, row) = (*curve, *row);
    for k in 0..NODES {
        out[k] *= row[k];
    }
    *curve = out;
}

/// Per-thread working space for one person's EAPs in the likelihood domain.
pub(super) struct Scratch {
    /// Likelihood of each topic's answers (all ones when unanswered).
    curves: Vec<[f64; NODES]>,
    answered: Vec<bool>,
    /// `suffix[t]` = product of curves t.. (`suffix[n_topics]` = 1).
    suffix: Vec<[f64; NODES]>,
}

impl Scratch {
    pub(super) fn new(n_topics: usize) -> Scratch {
        Scratch {
            curves: vec![[1.0; NODES]; n_topics],
            answered: vec![false; n_topics],
            suffix: vec![[1.0; NODES]; n_topics + 1],
        }
    }

    /// The EAP from all of a person's answers under the prior with density `prior` (from
    /// [`normal_prior_density`]); `None` when the person needs the log domain.
    pub(super) fn eap_all(
        &mut self,
        table: &ItemTable,
        answers: impl Iterator<Item = (u32, bool)>,
        prior: &[f64; NODES],
    ) -> Option<f64> {
        let mut curve = [1.0; NODES];
        for (item, correct) in answers {
            multiply(&mut curve, table.likelihood(item, correct));
        }
        mean_of(prior, &curve)
    }

    /// Append a person's leave-topic-out EAPs, one per topic (NaN where the topic is unanswered),
    /// to `out`; false, with `out` untouched, when the person needs the log domain.
    pub(super) fn eap_leave_topic_out(
        &mut self,
        table: &ItemTable,
        item_topic: &[usize],
        answers: impl Iterator<Item = (u32, bool)>,
        prior: &[f64; NODES],
        out: &mut Vec<f64>,
    ) -> bool {
        let n_topics = self.curves.len();
        self.curves.iter_mut().for_each(|c| *c = [1.0; NODES]);
        self.answered.iter_mut().for_each(|a| *a = false);
        for (item, correct) in answers {
            let t = item_topic[item as usize];
            multiply(&mut self.curves[t], table.likelihood(item, correct));
            self.answered[t] = true;
        }
        for t in (0..n_topics).rev() {
            let (head, tail) = self.suffix.split_at_mut(t + 1);
            head[t] = tail[0];
            if self.answered[t] {
                multiply(&mut head[t], &self.curves[t]);
            }
        }
        let start = out.len();
        let mut prefix = *prior;
        for t in 0..n_topics {
            if self.answered[t] {
                match mean_of(&prefix, &self.suffix[t + 1]) {
                    Some(theta) => out.push(theta),
                    None => {
                        out.truncate(start);
                        return false;
                    }
                }
                multiply(&mut prefix, &self.curves[t]);
            } else {
                out.push(f64::NAN);
            }
        }
        true
    }
}

/// The same EAPs in the log domain: slower (an exponential per node and EAP), never underflows.
pub(super) mod log_domain {
    use super::{ItemTable, NODES, accumulate, eap};

    /// The EAP from all answers under the prior with log-density `prior` ([`super::normal_prior`]).
    pub(in crate::report) fn eap_all(
        table: &ItemTable,
        answers: impl Iterator<Item = (u32, bool)>,
        prior: &[f64; NODES],
    ) -> f64 {
        let mut total = [0.0; NODES];
        for (item, correct) in answers {
            accumulate(&mut total, table.row(item, correct));
        }
        eap(prior, &total, None)
    }

    /// Append the leave-topic-out EAPs (NaN where a topic is unanswered) to `out`.
    pub(in crate::report) fn eap_leave_topic_out(
        table: &ItemTable,
        item_topic: &[usize],
        answers: impl Iterator<Item = (u32, bool)>,
        prior: &[f64; NODES],
        n_topics: usize,
        out: &mut Vec<f64>,
    ) {
        let mut curves = vec![[0.0; NODES]; n_topics];
        let mut answered = vec![false; n_topics];
        let mut total = [0.0; NODES];
        for (item, correct) in answers {
            let t = item_topic[item as usize];
            accumulate(&mut curves[t], table.row(item, correct));
            answered[t] = true;
        }
        for curve in &curves {
            accumulate(&mut total, curve);
        }
        for t in 0..n_topics {
            out.push(if answered[t] {
                eap(prior, &total, Some(&curves[t]))
            } else {
                f64::NAN
            });
        }
    }
}

/// Posterior mean of θ whose log-density on the grid is `prior + total − minus`
/// (Bock & Mislevy 1982, with the trapezoid rule on an equally spaced grid).
pub(super) fn eap(prior: &[f64; NODES], total: &[f64; NODES], minus: Option<&[f64; NODES]>) -> f64 {
    let mut log_density = [0.0; NODES];
    for k in 0..NODES {
        log_density[k] = prior[k] + total[k] - minus.map_or(0.0, |m| m[k]);
    }
    GRID.eap(&log_density).theta
}

/// Add `row` into `curve`.
pub(super) fn accumulate(curve: &mut [f64; NODES], row: &[f64; NODES]) {
    for (c, r) in curve.iter_mut().zip(row) {
        *c += r;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::{ItemParams, Prior, Response, eap as irt_eap};

    /// Items of two topics, and a person's answers as (item, correct).
    fn person(n_answers: usize, seed: u64) -> (Vec<ReportItem>, Vec<usize>, Vec<(u32, bool)>) {
        let items: Vec<ReportItem> = (0..20)
            .map(|i| ReportItem {
                topic: i % 2,
                params: ItemParams::new(0.6 + 0.1 * (i % 7) as f64, -2.0 + 0.2 * i as f64, 0.2)
                    .unwrap(),
            })
            .collect();
        let topics = items.iter().map(|item| item.topic).collect();
        let mut state = seed;
        let answers = (0..n_answers)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                ((state >> 33) as u32 % 20, (state >> 20) & 1 == 1)
            })
            .collect();
        (items, topics, answers)
    }

    // The likelihood-domain EAPs are the log-domain ones up to rounding, and a person whose
    // likelihoods would underflow (here 3000 answers) is refused, so the caller falls back.
    #[test]
    fn likelihood_domain_agrees_with_the_log_domain() {
        for (n_answers, seed) in [(1, 1), (7, 2), (36, 3), (120, 4), (3000, 5)] {
            let (items, topics, answers) = person(n_answers, seed);
            let table = ItemTable::new(&items);
            let mut scratch = Scratch::new(2);
            for (mean, sd) in [(0.0, 1.0), (-0.7, 0.5), (1.2, 2.0)] {
                let density = normal_prior_density(mean, sd);
                let log = normal_prior(mean, sd);
                let all = scratch.eap_all(&table, answers.iter().copied(), &density);
                let mut ours = Vec::new();
                let fast = scratch.eap_leave_topic_out(
                    &table,
                    &topics,
                    answers.iter().copied(),
                    &density,
                    &mut ours,
                );
                let mut reference = Vec::new();
                log_domain::eap_leave_topic_out(
                    &table,
                    &topics,
                    answers.iter().copied(),
                    &log,
                    2,
                    &mut reference,
                );
                let reference_all = log_domain::eap_all(&table, answers.iter().copied(), &log);
                if n_answers == 3000 {
                    assert!(all.is_none() && !fast && ours.is_empty());
                    continue;
                }
                assert!(fast, "{n_answers} answers");
                assert!((all.unwrap() - reference_all).abs() < 1e-12);
                for (x, y) in ours.iter().zip(&reference) {
                    assert!(
                        x.is_nan() && y.is_nan() || (x - y).abs() < 1e-12,
                        "{x} vs {y}"
                    );
                }
            }
        }
    }

    #[test]
    fn coarse_grid_eap_agrees_with_the_irt_module() {
        let items: Vec<ReportItem> = [
            (-1.0, true),
            (0.0, true),
            (0.5, false),
            (1.2, true),
            (2.0, false),
        ]
        .iter()
        .map(|&(b, _)| ReportItem {
            topic: 0,
            params: ItemParams::new(1.1, b, 0.25).unwrap(),
        })
        .collect();
        let answers = [true, true, false, true, false];
        let table = ItemTable::new(&items);
        let mut total = [0.0; NODES];
        for (i, &correct) in answers.iter().enumerate() {
            accumulate(&mut total, table.row(i as u32, correct));
        }
        let ours = eap(&normal_prior(0.3, 1.0), &total, None);
        let responses: Vec<Response> = items
            .iter()
            .zip(answers)
            .map(|(item, correct)| Response {
                params: item.params,
                correct,
            })
            .collect();
        let reference = irt_eap(&responses, Prior::normal(0.3, 1.0).unwrap()).theta;
        assert!((ours - reference).abs() < 1e-3, "{ours} vs {reference}");
    }
}

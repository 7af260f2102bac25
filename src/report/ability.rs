//! Each person's ability from everything but one topic (leave-topic-out EAP), on a coarse grid.
//!
//! The report needs one EAP per person *and topic* — twelve per person, millions per cycle — so
//! it uses a 49-node grid (step 0.25 on [−6, 6]) and a per-item table of log P and log Q on that
//! grid: adding a response is then 49 additions, and leaving a topic out is one subtraction of that
//! topic's log-likelihood curve from the person's total. Posteriors with SD ≥ 0.3 are integrated
//! to within 1e−3 logit by the trapezoid rule at this step.

use super::input::ReportItem;

pub(super) const NODES: usize = 49;
const THETA_MIN: f64 = -6.0;
const THETA_MAX: f64 = 6.0;

pub(super) fn node(k: usize) -> f64 {
    THETA_MIN + (THETA_MAX - THETA_MIN) * k as f64 / (NODES - 1) as f64
}

/// log P (row 2·i + 1) and log Q (row 2·i) of every item at every node.
pub(super) struct ItemTable {
    rows: Vec<[f64; NODES]>,
}

impl ItemTable {
    pub(super) fn new(items: &[ReportItem]) -> ItemTable {
        let mut rows = Vec::with_capacity(items.len() * 2);
        for item in items {
            let mut log_q = [0.0; NODES];
            let mut log_p = [0.0; NODES];
            for k in 0..NODES {
                (log_p[k], log_q[k]) = item.params.log_p_q(node(k));
            }
            rows.push(log_q);
            rows.push(log_p);
        }
        ItemTable { rows }
    }

    pub(super) fn row(&self, item: u32, correct: bool) -> &[f64; NODES] {
        &self.rows[item as usize * 2 + usize::from(correct)]
    }
}

/// The log-density of N(mean, sd²) on the grid, up to a constant.
pub(super) fn normal_prior(mean: f64, sd: f64) -> [f64; NODES] {
    let mut out = [0.0; NODES];
    let precision = 1.0 / (sd * sd);
    for (k, value) in out.iter_mut().enumerate() {
        let d = node(k) - mean;
        *value = -0.5 * d * d * precision;
    }
    out
}

/// Posterior mean of θ whose log-density on the grid is `prior + total − minus`
/// (Bock & Mislevy 1982, with the trapezoid rule on an equally spaced grid).
pub(super) fn eap(prior: &[f64; NODES], total: &[f64; NODES], minus: Option<&[f64; NODES]>) -> f64 {
    let mut log_density = [0.0; NODES];
    for k in 0..NODES {
        log_density[k] = prior[k] + total[k] - minus.map_or(0.0, |m| m[k]);
    }
    let max = log_density
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let (mut weight_sum, mut first) = (0.0, 0.0);
    for (k, value) in log_density.iter().enumerate() {
        let weight = (value - max).exp();
        weight_sum += weight;
        first += weight * node(k);
    }
    first / weight_sum
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

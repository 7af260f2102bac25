//! Item calibration by marginal maximum likelihood with the EM algorithm (Bock & Aitkin 1981),
//! for the 2PL and the 3PL, on sparse data (each person answers a subset of the items).
//!
//! Pure: no I/O, no clock, no randomness.
//!
//! - Quadrature on the nodes of [`crate::irt::node`] (121 points on [−6, 6]) with ability
//!   distribution N(0, 1), which fixes the scale. With anchor items (fixed-parameter calibration)
//!   the anchors fix the scale instead, and the mean and SD of the ability distribution are
//!   estimated from the posterior moments at each cycle.
//! - E-step: each person's posterior on the nodes; expected numbers of answers `n_k` and of right
//!   answers `r_k` per item and node.
//! - M-step: per item, Fisher scoring on (a, d, γ) with z = aθ + d, b = −d/a, c = logistic(γ),
//!   with step halving on the penalised log-likelihood. Priors: log a ~ N(0, σ²) (mild, keeps a
//!   identified), and for the 3PL c ~ Beta(α, β) (default Beta(5, 17), mean 0.23).
//! - Convergence: the largest change of any a, b or c between cycles below `tolerance`.
//! - Standard errors: the inverse of the item's expected information (from the final E-step's
//!   counts, plus the prior terms) at the solution, carried to (a, b, c) by the delta method. It
//!   ignores the uncertainty of the posterior weights, so it is slightly optimistic.

use crate::irt::{NODES, node};

/// 2PL (c = 0) or 3PL (c estimated with a Beta prior).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    TwoPl,
    ThreePl,
}

/// Settings of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub model: Model,
    /// Stop when no a, b or c changes more than this between EM cycles.
    pub tolerance: f64,
    pub max_iterations: usize,
    /// Items with fewer responses are not calibrated (reported as not identified).
    pub min_responses: usize,
    /// SD of the normal prior on log a (mean 0); `None` for no prior.
    pub log_a_prior_sd: Option<f64>,
    /// Beta(α, β) prior on c (3PL only).
    pub c_prior: (f64, f64),
    /// Bounds for a; an estimate at a bound is reported as not identified.
    pub a_bounds: (f64, f64),
}

impl Config {
    pub fn new(model: Model) -> Config {
        Config {
            model,
            tolerance: 1e-4,
            max_iterations: 500,
            min_responses: 20,
            log_a_prior_sd: Some(1.0),
            c_prior: (5.0, 17.0),
            a_bounds: (0.05, 8.0),
        }
    }
}

/// One answer: person index, item index, right or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub person: usize,
    pub item: usize,
    pub correct: bool,
}

/// Fixed parameters (a, b, c) for an anchor item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub item: usize,
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

/// Why an item's estimate cannot be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Fewer than `min_responses` answers; not calibrated.
    TooFewResponses,
    /// Every answer right (or every answer wrong); not calibrated.
    AllCorrect,
    AllWrong,
    /// a ended at a bound (e.g. a negatively discriminating item).
    DiscriminationAtBound,
    /// |b| > 6: outside the quadrature grid.
    DifficultyOutOfRange,
}

impl Problem {
    pub fn describe(self) -> &'static str {
        match self {
            Problem::TooFewResponses => "too few responses; not calibrated",
            Problem::AllCorrect => "every answer right; not calibrated",
            Problem::AllWrong => "every answer wrong; not calibrated",
            Problem::DiscriminationAtBound => {
                "discrimination at its bound (weak or negative discrimination)"
            }
            Problem::DifficultyOutOfRange => "difficulty outside [-6, 6]",
        }
    }
}

/// The estimate for one item. Parameters and SEs are NaN when the item was not calibrated; SEs
/// are 0 for anchors and `se_c` is 0 for the 2PL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemEstimate {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub se_a: f64,
    pub se_b: f64,
    pub se_c: f64,
    pub n: usize,
    pub anchored: bool,
    pub problem: Option<Problem>,
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub items: Vec<ItemEstimate>,
    pub iterations: usize,
    pub converged: bool,
    /// The largest parameter change in the last cycle.
    pub last_change: f64,
    /// Mean and SD of the ability distribution: (0, 1) unless anchored.
    pub ability_mean: f64,
    pub ability_sd: f64,
    /// Marginal log-likelihood at the last E-step.
    pub log_likelihood: f64,
}

impl Calibration {
    /// Items with a problem, as (index, problem).
    pub fn problems(&self) -> Vec<(usize, Problem)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.problem.map(|p| (i, p)))
            .collect()
    }
}

fn logistic(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

fn log_logistic(z: f64) -> f64 {
    if z >= 0.0 {
        -(-z).exp().ln_1p()
    } else {
        z - z.exp().ln_1p()
    }
}

/// Working parameters of one item: slope a, intercept d, logit of c (−∞ for the 2PL).
#[derive(Debug, Clone, Copy)]
struct Work {
    a: f64,
    d: f64,
    gamma: f64,
}

impl Work {
    fn c(&self) -> f64 {
        if self.gamma == f64::NEG_INFINITY {
            0.0
        } else {
            logistic(self.gamma)
        }
    }

    fn b(&self) -> f64 {
        -self.d / self.a
    }

    /// (log P, log Q) at θ.
    fn log_p_q(&self, theta: f64) -> (f64, f64) {
        let z = self.a * theta + self.d;
        let c = self.c();
        let log_q = (1.0 - c).ln() + log_logistic(-z);
        let log_p = if c == 0.0 {
            log_logistic(z)
        } else {
            (c + (1.0 - c) * logistic(z)).ln()
        };
        (log_p, log_q)
    }
}

/// Expected counts for one item at the nodes used.
struct Counts {
    n: Vec<f64>,
    r: Vec<f64>,
}

/// Calibrate `n_items` items from `answers`. Each (person, item) pair must occur at most once
/// (the interchange reader refuses duplicates); answers with an out-of-range item are ignored.
pub fn calibrate(
    n_items: usize,
    answers: &[Answer],
    anchors: &[Anchor],
    config: &Config,
) -> Calibration {
    let thetas: Vec<f64> = (0..NODES).map(node).collect();
    let q = thetas.len();
    let three = config.model == Model::ThreePl;

    // Responses per item, and which items are calibrated.
    let mut n_resp = vec![0usize; n_items];
    let mut n_right = vec![0usize; n_items];
    for answer in answers.iter().filter(|a| a.item < n_items) {
        n_resp[answer.item] += 1;
        n_right[answer.item] += usize::from(answer.correct);
    }
    let mut anchor_of = vec![None; n_items];
    for anchor in anchors.iter().filter(|a| a.item < n_items) {
        anchor_of[anchor.item] = Some(*anchor);
    }
    let problem_before: Vec<Option<Problem>> = (0..n_items)
        .map(|i| {
            if anchor_of[i].is_some() {
                None
            } else if n_resp[i] < config.min_responses {
                Some(Problem::TooFewResponses)
            } else if n_right[i] == n_resp[i] {
                Some(Problem::AllCorrect)
            } else if n_right[i] == 0 {
                Some(Problem::AllWrong)
            } else {
                None
            }
        })
        .collect();
    let used = |i: usize| problem_before[i].is_none();

    // Starting values: b from the proportion correct (corrected for guessing), a = 1.
    let c0 = if three {
        config.c_prior.0 / (config.c_prior.0 + config.c_prior.1)
    } else {
        0.0
    };
    let mut work: Vec<Work> = (0..n_items)
        .map(|i| match anchor_of[i] {
            Some(anchor) => Work {
                a: anchor.a,
                d: -anchor.a * anchor.b,
                gamma: if anchor.c > 0.0 {
                    (anchor.c / (1.0 - anchor.c)).ln()
                } else {
                    f64::NEG_INFINITY
                },
            },
            None => {
                let p = (n_right[i] as f64 + 0.5) / (n_resp[i] as f64 + 1.0);
                let s = ((p - c0) / (1.0 - c0)).clamp(0.05, 0.95);
                Work {
                    a: 1.0,
                    d: (s / (1.0 - s)).ln() * 1.2,
                    gamma: if three {
                        (c0 / (1.0 - c0)).ln()
                    } else {
                        f64::NEG_INFINITY
                    },
                }
            }
        })
        .collect();

    // Answers grouped by person, only those of calibrated or anchored items.
    let n_people = answers.iter().map(|a| a.person + 1).max().unwrap_or(0);
    let mut start = vec![0usize; n_people + 1];
    for answer in answers.iter().filter(|a| a.item < n_items && used(a.item)) {
        start[answer.person + 1] += 1;
    }
    for p in 0..n_people {
        start[p + 1] += start[p];
    }
    let mut fill = start.clone();
    let mut by_person = vec![(0u32, false); start[n_people]];
    for answer in answers.iter().filter(|a| a.item < n_items && used(a.item)) {
        by_person[fill[answer.person]] = (answer.item as u32, answer.correct);
        fill[answer.person] += 1;
    }

    let anchored = anchors.iter().any(|a| a.item < n_items);
    let (mut mean, mut sd) = (0.0, 1.0);
    let mut counts: Vec<Counts> = (0..n_items)
        .map(|_| Counts {
            n: vec![0.0; q],
            r: vec![0.0; q],
        })
        .collect();
    let mut iterations = 0;
    let mut converged = false;
    let mut last_change = f64::INFINITY;
    let mut log_likelihood = f64::NAN;
    let mut log_table = vec![(0.0, 0.0); n_items * q];

    while iterations < config.max_iterations {
        iterations += 1;
        // E-step.
        for i in (0..n_items).filter(|&i| used(i)) {
            for (k, &t) in thetas.iter().enumerate() {
                log_table[i * q + k] = work[i].log_p_q(t);
            }
            counts[i].n.iter_mut().for_each(|x| *x = 0.0);
            counts[i].r.iter_mut().for_each(|x| *x = 0.0);
        }
        let log_prior: Vec<f64> = thetas
            .iter()
            .map(|t| -0.5 * ((t - mean) / sd).powi(2))
            .collect();
        let mut marginal = vec![0.0; q];
        let mut post = vec![0.0; q];
        log_likelihood = 0.0;
        let prior_norm: f64 = log_prior.iter().map(|l| l.exp()).sum::<f64>().ln();
        for p in 0..n_people {
            let mine = &by_person[start[p]..start[p + 1]];
            if mine.is_empty() {
                continue;
            }
            log_likelihood += posterior(mine, &log_prior, &log_table, q, &mut post) - prior_norm;
            marginal.iter_mut().zip(&post).for_each(|(m, w)| *m += w);
            for &(item, correct) in mine {
                let c = &mut counts[item as usize];
                c.n.iter_mut().zip(&post).for_each(|(x, w)| *x += w);
                if correct {
                    c.r.iter_mut().zip(&post).for_each(|(x, w)| *x += w);
                }
            }
        }
        if anchored {
            let total: f64 = marginal.iter().sum();
            if total > 0.0 {
                let m = thetas
                    .iter()
                    .zip(&marginal)
                    .map(|(t, w)| t * w)
                    .sum::<f64>()
                    / total;
                let v = thetas
                    .iter()
                    .zip(&marginal)
                    .map(|(t, w)| (t - m).powi(2) * w)
                    .sum::<f64>()
                    / total;
                mean = m;
                sd = v.sqrt().max(0.05);
            }
        }

        // M-step.
        let mut change: f64 = 0.0;
        for i in (0..n_items).filter(|&i| used(i) && anchor_of[i].is_none()) {
            let old = work[i];
            let new = m_step(old, &counts[i], &thetas, config);
            change = change
                .max((new.a - old.a).abs())
                .max((new.b() - old.b()).abs())
                .max((new.c() - old.c()).abs());
            work[i] = new;
        }
        last_change = change;
        if change < config.tolerance {
            converged = true;
            break;
        }
    }

    // Observed information per item by the cross-products of the persons' scores (the empirical
    // information of Mislevy 1984): the complete-data information would treat the posterior
    // weights as known and understate the standard errors by about a fifth.
    let mut xpd = vec![[[0.0; 3]; 3]; n_items];
    {
        let mut table = vec![(0.0, [0.0; 3]); n_items * q];
        for i in (0..n_items).filter(|&i| used(i)) {
            let c = work[i].c();
            for (k, &t) in thetas.iter().enumerate() {
                log_table[i * q + k] = work[i].log_p_q(t);
                let s = logistic(work[i].a * t + work[i].d);
                let p = c + (1.0 - c) * s;
                let s_over_p = if c == 0.0 { 1.0 } else { s / p };
                table[i * q + k] = (p, [s_over_p * t, s_over_p, if three { c / p } else { 0.0 }]);
            }
        }
        let log_prior: Vec<f64> = thetas
            .iter()
            .map(|t| -0.5 * ((t - mean) / sd).powi(2))
            .collect();
        let mut post = vec![0.0; q];
        for p in 0..n_people {
            let mine = &by_person[start[p]..start[p + 1]];
            if mine.is_empty() {
                continue;
            }
            posterior(mine, &log_prior, &log_table, q, &mut post);
            for &(item, correct) in mine {
                let item = item as usize;
                if anchor_of[item].is_some() {
                    continue;
                }
                let u = if correct { 1.0 } else { 0.0 };
                let mut score = [0.0; 3];
                for (k, w) in post.iter().enumerate() {
                    let (pk, v) = table[item * q + k];
                    for x in 0..3 {
                        score[x] += w * (u - pk) * v[x];
                    }
                }
                for x in 0..3 {
                    for y in 0..3 {
                        xpd[item][x][y] += score[x] * score[y];
                    }
                }
            }
        }
    }

    let items = (0..n_items)
        .map(|i| {
            if let Some(anchor) = anchor_of[i] {
                return ItemEstimate {
                    a: anchor.a,
                    b: anchor.b,
                    c: anchor.c,
                    se_a: 0.0,
                    se_b: 0.0,
                    se_c: 0.0,
                    n: n_resp[i],
                    anchored: true,
                    problem: None,
                };
            }
            if let Some(problem) = problem_before[i] {
                return ItemEstimate {
                    a: f64::NAN,
                    b: f64::NAN,
                    c: f64::NAN,
                    se_a: f64::NAN,
                    se_b: f64::NAN,
                    se_c: f64::NAN,
                    n: n_resp[i],
                    anchored: false,
                    problem: Some(problem),
                };
            }
            let w = work[i];
            let (se_a, se_b, se_c) = standard_errors(w, xpd[i], config);
            let (lo, hi) = config.a_bounds;
            let problem = if w.a <= lo * 1.0001 || w.a >= hi * 0.9999 {
                Some(Problem::DiscriminationAtBound)
            } else if w.b().abs() > 6.0 {
                Some(Problem::DifficultyOutOfRange)
            } else {
                None
            };
            ItemEstimate {
                a: w.a,
                b: w.b(),
                c: w.c(),
                se_a,
                se_b,
                se_c,
                n: n_resp[i],
                anchored: false,
                problem,
            }
        })
        .collect();
    Calibration {
        items,
        iterations,
        converged,
        last_change,
        ability_mean: mean,
        ability_sd: sd,
        log_likelihood,
    }
}

/// Penalised expected complete-data log-likelihood of one item.
fn objective(w: Work, counts: &Counts, thetas: &[f64], config: &Config) -> f64 {
    let mut value = 0.0;
    for (k, &t) in thetas.iter().enumerate() {
        let n = counts.n[k];
        if n <= 0.0 {
            continue;
        }
        let (lp, lq) = w.log_p_q(t);
        let r = counts.r[k];
        value += r * lp + (n - r) * lq;
    }
    if let Some(sd) = config.log_a_prior_sd {
        value -= 0.5 * (w.a.ln() / sd).powi(2);
    }
    if config.model == Model::ThreePl {
        let (alpha, beta) = config.c_prior;
        let c = w.c();
        value += (alpha - 1.0) * c.ln() + (beta - 1.0) * (1.0 - c).ln();
    }
    value
}

/// Gradient and expected information (including the priors' curvature) in (a, d[, γ]).
fn score_and_information(
    w: Work,
    counts: &Counts,
    thetas: &[f64],
    config: &Config,
) -> ([f64; 3], [[f64; 3]; 3]) {
    let three = config.model == Model::ThreePl;
    let c = w.c();
    let mut g = [0.0; 3];
    let mut info = [[0.0; 3]; 3];
    for (k, &t) in thetas.iter().enumerate() {
        let n = counts.n[k];
        if n <= 0.0 {
            continue;
        }
        let r = counts.r[k];
        let s = logistic(w.a * t + w.d);
        let p = c + (1.0 - c) * s;
        let q = (1.0 - c) * (1.0 - s);
        // v = (∂P/∂x)/(P Q) · Q = h / P with h = (sθ, s, c) scaled so that
        // score = (r − nP)·v and information = n·P·Q·v vᵀ.
        let s_over_p = if c == 0.0 { 1.0 } else { s / p };
        let v = [s_over_p * t, s_over_p, if three { c / p } else { 0.0 }];
        let resid = r - n * p;
        let weight = n * p * q;
        for x in 0..3 {
            g[x] += resid * v[x];
            for y in 0..3 {
                info[x][y] += weight * v[x] * v[y];
            }
        }
    }
    let (prior_g, prior_info) = prior_terms(w, config);
    for x in 0..3 {
        g[x] += prior_g[x];
        info[x][x] += prior_info[x];
    }
    (g, info)
}

/// Gradient and negative curvature (diagonal) of the log-priors in (a, d, γ). For the 2PL the γ
/// entry is a placeholder 1 that keeps the 3 × 3 system invertible.
fn prior_terms(w: Work, config: &Config) -> ([f64; 3], [f64; 3]) {
    let mut g = [0.0; 3];
    let mut info = [0.0; 3];
    if let Some(sd) = config.log_a_prior_sd {
        // d/da of −(ln a)²/(2σ²) = −ln a/(σ² a); its negative second derivative, floored at 1/(σ²a²).
        let s2 = sd * sd;
        g[0] = -w.a.ln() / (s2 * w.a);
        info[0] = ((1.0 - w.a.ln()) / (s2 * w.a * w.a)).max(1.0 / (s2 * w.a * w.a));
    }
    if config.model == Model::ThreePl {
        let (alpha, beta) = config.c_prior;
        let c = w.c();
        // d/dγ of (α−1)ln c + (β−1)ln(1−c) with dc/dγ = c(1−c).
        g[2] = (alpha - 1.0) * (1.0 - c) - (beta - 1.0) * c;
        info[2] = (alpha + beta - 2.0) * c * (1.0 - c);
    } else {
        info[2] = 1.0;
    }
    (g, info)
}

/// One person's posterior on the nodes, normalised, into `post`; returns log of the
/// unnormalised total (for the marginal likelihood).
fn posterior(
    mine: &[(u32, bool)],
    log_prior: &[f64],
    log_table: &[(f64, f64)],
    q: usize,
    post: &mut [f64],
) -> f64 {
    post.copy_from_slice(log_prior);
    for &(item, correct) in mine {
        let row = &log_table[item as usize * q..(item as usize + 1) * q];
        if correct {
            post.iter_mut().zip(row).for_each(|(x, (lp, _))| *x += lp);
        } else {
            post.iter_mut().zip(row).for_each(|(x, (_, lq))| *x += lq);
        }
    }
    let max = post.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for x in post.iter_mut() {
        *x = (*x - max).exp();
        total += *x;
    }
    for x in post.iter_mut() {
        *x /= total;
    }
    max + total.ln()
}

fn m_step(old: Work, counts: &Counts, thetas: &[f64], config: &Config) -> Work {
    let mut w = old;
    let (lo, hi) = config.a_bounds;
    for _ in 0..5 {
        let (g, info) = score_and_information(w, counts, thetas, config);
        let Some(step) = solve3(info, g) else { break };
        let current = objective(w, counts, thetas, config);
        let mut factor = 1.0;
        let mut accepted = false;
        for _ in 0..12 {
            let mut trial = Work {
                a: (w.a + factor * step[0]).clamp(lo, hi),
                d: w.d + factor * step[1],
                gamma: w.gamma,
            };
            if config.model == Model::ThreePl {
                trial.gamma = (w.gamma + factor * step[2]).clamp(-12.0, 3.0);
            }
            let value = objective(trial, counts, thetas, config);
            if value.is_finite() && value >= current - 1e-12 {
                w = trial;
                accepted = true;
                break;
            }
            factor *= 0.5;
        }
        let size = step.iter().map(|s| s.abs()).fold(0.0, f64::max) * factor;
        if !accepted || size < 1e-7 {
            break;
        }
    }
    w
}

/// Standard errors of (a, b, c) from the observed information `info` in (a, d, γ) plus the
/// priors' curvature.
fn standard_errors(w: Work, mut info: [[f64; 3]; 3], config: &Config) -> (f64, f64, f64) {
    let (_, prior) = prior_terms(w, config);
    for x in 0..3 {
        info[x][x] += prior[x];
    }
    let Some(cov) = invert3(info) else {
        return (f64::NAN, f64::NAN, f64::NAN);
    };
    // b = −d/a: ∇b = (d/a², −1/a, 0); c = logistic(γ): dc/dγ = c(1−c).
    let gb = [w.d / (w.a * w.a), -1.0 / w.a];
    let var_b =
        gb[0] * gb[0] * cov[0][0] + 2.0 * gb[0] * gb[1] * cov[0][1] + gb[1] * gb[1] * cov[1][1];
    let se_c = if config.model == Model::ThreePl {
        let c = w.c();
        c * (1.0 - c) * cov[2][2].sqrt()
    } else {
        0.0
    };
    (cov[0][0].sqrt(), var_b.max(0.0).sqrt(), se_c)
}

fn det3(m: [[f64; 3]; 3]) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

fn invert3(m: [[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
    let det = det3(m);
    if !det.is_finite() || det.abs() < 1e-300 {
        return None;
    }
    let mut inv = [[0.0; 3]; 3];
    for (i, row) in inv.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            // cofactor of (j, i)
            let (r0, r1) = match j {
                0 => (1, 2),
                1 => (0, 2),
                _ => (0, 1),
            };
            let (c0, c1) = match i {
                0 => (1, 2),
                1 => (0, 2),
                _ => (0, 1),
            };
            let minor = m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
            let sign = if (i + j) % 2 == 0 { 1.0 } else { -1.0 };
            *x = sign * minor / det;
        }
    }
    Some(inv)
}

fn solve3(m: [[f64; 3]; 3], g: [f64; 3]) -> Option<[f64; 3]> {
    let inv = invert3(m)?;
    let mut x = [0.0; 3];
    for (i, xi) in x.iter_mut().enumerate() {
        *xi = (0..3).map(|j| inv[i][j] * g[j]).sum();
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::needless_range_loop)] // matrix indices read best as indices
    fn inverse_of_a_known_matrix() {
        let m = [[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 2.0]];
        let inv = invert3(m).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let e: f64 = (0..3).map(|k| m[i][k] * inv[k][j]).sum();
                assert!((e - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
    }
}

//! Item calibration by marginal maximum likelihood with the EM algorithm (Bock & Aitkin 1981),
//! for the 2PL and the 3PL, on sparse data (each person answers a subset of the items).
//!
//! Pure: no I/O, no clock, no randomness. It runs on rayon's thread pool, but the result does not
//! depend on the number of threads (see `over_people`).
//!
//! - Quadrature on 61 equally spaced nodes on [−6, 6] (`irt`'s [`Grid`]) with ability
//!   distribution N(0, 1), which fixes the scale. With anchor items (fixed-parameter calibration)
//!   the anchors fix the scale instead, and the mean and SD of the ability distribution are
//!   estimated from the posterior moments at each cycle ([`Grid::moments`]).
//! - E-step: each person's posterior on the nodes, from a table of log P and log Q per item and
//!   node, over the person's answered items only; expected numbers of wrong and right answers per
//!   item and node.
//! - M-step: per item, Fisher scoring on (a, d, γ) with z = aθ + d, b = −d/a, c = logistic(γ),
//!   on those expected counts (so its cost does not grow with the number of people), with step
//!   halving on the penalised log-likelihood. Priors: log a ~ N(0, σ²) (mild, keeps a
//!   identified), and for the 3PL c ~ Beta(α, β) (default Beta(5, 17), mean 0.23).
//! - Acceleration: SQUAREM extrapolation between EM cycles, never lowering the penalised
//!   log-likelihood ([`Config::accelerate`]; see `run_em`).
//! - Convergence: the largest change of any a, b or c (and, with anchors, of the ability mean or
//!   SD) in one EM cycle below `tolerance`.
//! - Progress: the E-steps done so far are published through [`Config::progress`], so that a
//!   caller on another thread (the author page's background job) can say how far it has come.
//! - Standard errors: the inverse of the observed information of all estimated parameters
//!   together (Louis 1982; as R's ltm), plus the priors' curvature at the solution, carried to
//!   (a, b, c) by the delta method (`Problemset::covariances`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::irt::{Grid, logistic};

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
    /// Accelerate EM by SQUAREM extrapolation (same fixed point, far fewer cycles); `false`
    /// runs plain EM, whose objective rises at every cycle.
    pub accelerate: bool,
    /// Where the E-steps done so far are counted (at most `max_iterations`).
    pub progress: Progress,
}

/// How far a calibration has come: the number of E-steps (EM cycles) done so far, readable from
/// another thread while it runs. Clones share one counter. Only a count is kept, so the pure
/// calibration does no I/O to report it; whoever holds a clone decides what to show.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<AtomicUsize>);

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// E-steps done so far.
    pub fn e_steps(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, e_steps: usize) {
        self.0.store(e_steps, Ordering::Relaxed);
    }
}

/// Two handles are equal when they share one counter (so a [`Config`] compares equal to its
/// clone).
impl PartialEq for Progress {
    fn eq(&self, other: &Progress) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
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
            accelerate: true,
            progress: Progress::new(),
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

/// The estimate for one item. Parameters and SEs are NaN when the item was not calibrated, and
/// SEs are NaN (unknown) when the information does not determine them; SEs are 0 for anchors
/// and `se_c` is 0 for the 2PL.
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
    /// EM cycles run (E-steps, including those at extrapolated points).
    pub iterations: usize,
    pub converged: bool,
    /// The largest parameter change in the last cycle.
    pub last_change: f64,
    /// Mean and SD of the ability distribution: (0, 1) unless anchored.
    pub ability_mean: f64,
    pub ability_sd: f64,
    /// Marginal log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// The objective of the penalised EM (marginal log-likelihood plus the log-priors of the
    /// calibrated items' a and c) at each E-step, in order.
    pub objective_trace: Vec<f64>,
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
        // ln σ(z) and ln σ(−z) from one exp and one log: with l = ln(1 + e^(−|z|)),
        // ln σ(|z|) = −l and ln σ(−|z|) = −|z| − l.
        let l = (-z.abs()).exp().ln_1p();
        let (log_s, log_not_s) = if z >= 0.0 { (-l, -z - l) } else { (z - l, -l) };
        let c = self.c();
        if c == 0.0 {
            (log_s, log_not_s)
        } else {
            (
                (c + (1.0 - c) * log_s.exp()).ln(),
                (1.0 - c).ln() + log_not_s,
            )
        }
    }
}

/// Number of quadrature nodes: equally spaced on [−6, 6], step 0.2. The posterior of a person
/// with 100 answers has an SD of about 0.2 or more, and the rectangle rule on a smooth density
/// of SD σ with step h errs by about e^(−2π²σ²/h²) (< 10⁻⁸ here); 121 nodes gave the same
/// estimates to four decimals at twice the cost.
const Q: usize = 61;

/// The quadrature grid, `irt`'s with [`Q`] nodes.
static GRID: Grid<Q> = Grid::new();

/// A value per quadrature node.
type Row = [f64; Q];

/// Expected counts of one item at the nodes: wrong and right answers.
struct Counts<'a> {
    wrong: &'a Row,
    right: &'a Row,
}

/// The parameters EM iterates on: every item's working parameters and the ability
/// distribution N(mean, sd²) (estimated only with anchors).
#[derive(Debug, Clone)]
struct State {
    work: Vec<Work>,
    mean: f64,
    sd: f64,
}

/// What the E-step returns: expected counts, the marginal posterior mass at each node, and the
/// marginal log-likelihood at the parameters it was given.
struct Expectation {
    /// Row `2 i` holds item i's expected wrong answers, row `2 i + 1` its right answers.
    counts: Vec<Row>,
    marginal: Row,
    log_likelihood: f64,
}

/// The answers of calibrated and anchored items, grouped by person; each answer is coded as
/// `2 item + correct`, the row it reads in the log-likelihood table and adds to in the counts.
/// A person's answers that add to the counts come first: wrong answers to a complete item
/// (answered by everyone) do not, because that item's wrong count is the marginal minus its
/// right count.
struct Answers {
    start: Vec<usize>,
    code: Vec<u32>,
    /// Per person, how many of the answers (from the first) add to the counts.
    counted: Vec<u32>,
    /// Items answered once by every person who answered anything.
    complete: Vec<bool>,
}

impl Answers {
    fn n_people(&self) -> usize {
        self.start.len() - 1
    }

    fn of(&self, person: usize) -> &[u32] {
        &self.code[self.start[person]..self.start[person + 1]]
    }

    /// A person's answers and how many of them add to the counts.
    fn counted(&self, person: usize) -> (&[u32], usize) {
        (self.of(person), self.counted[person] as usize)
    }

    fn group(
        n_items: usize,
        n_people: usize,
        kept: impl Iterator<Item = Answer> + Clone,
    ) -> Answers {
        let mut start = vec![0usize; n_people + 1];
        for answer in kept.clone() {
            start[answer.person + 1] += 1;
        }
        for p in 0..n_people {
            start[p + 1] += start[p];
        }
        let mut fill = start.clone();
        let mut code = vec![0u32; start[n_people]];
        // Answers per item, and whether someone answered an item twice (the caller promises not,
        // but a complete item must really have one answer from each person).
        let mut per_item = vec![0usize; n_items];
        let mut last_person = vec![usize::MAX; n_items];
        let mut twice = vec![false; n_items];
        for answer in kept {
            code[fill[answer.person]] = 2 * answer.item as u32 + u32::from(answer.correct);
            fill[answer.person] += 1;
            per_item[answer.item] += 1;
            twice[answer.item] |= last_person[answer.item] == answer.person;
            last_person[answer.item] = answer.person;
        }
        let active = (0..n_people).filter(|&p| start[p + 1] > start[p]).count();
        let complete: Vec<bool> = (0..n_items)
            .map(|i| active > 0 && per_item[i] == active && !twice[i])
            .collect();
        let skipped = |c: &u32| complete[*c as usize / 2] && *c & 1 == 0;
        let mut counted = vec![0u32; n_people];
        for p in 0..n_people {
            let mine = &mut code[start[p]..start[p + 1]];
            mine.sort_by_key(skipped);
            counted[p] = mine.iter().filter(|c| !skipped(c)).count() as u32;
        }
        Answers {
            start,
            code,
            counted,
            complete,
        }
    }
}

/// The fixed facts of one calibration, shared by every EM cycle.
struct Problemset<'a> {
    config: &'a Config,
    n_items: usize,
    answers: Answers,
    /// Calibrated (not anchored, not refused before estimation).
    free: Vec<bool>,
    /// Calibrated or anchored: these items' answers take part.
    used: Vec<bool>,
    anchored: bool,
}

/// Calibrate `n_items` items from `answers`. Each (person, item) pair must occur at most once
/// (the interchange reader refuses duplicates); answers with an out-of-range item are ignored.
pub fn calibrate(
    n_items: usize,
    answers: &[Answer],
    anchors: &[Anchor],
    config: &Config,
) -> Calibration {
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
    let used: Vec<bool> = problem_before.iter().map(Option::is_none).collect();
    let free: Vec<bool> = (0..n_items)
        .map(|i| used[i] && anchor_of[i].is_none())
        .collect();

    // Starting values: b from the proportion correct (corrected for guessing), a = 1.
    let c0 = if three {
        config.c_prior.0 / (config.c_prior.0 + config.c_prior.1)
    } else {
        0.0
    };
    let work: Vec<Work> = (0..n_items)
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
    let kept = answers
        .iter()
        .filter(|a| a.item < n_items && used[a.item])
        .copied();
    let grouped = Answers::group(n_items, n_people, kept);

    let problem = Problemset {
        config,
        n_items,
        answers: grouped,
        free,
        used,
        anchored: anchors.iter().any(|a| a.item < n_items),
    };
    let initial = State {
        work,
        mean: 0.0,
        sd: 1.0,
    };
    let run = problem.run_em(initial);
    let (covariances, log_likelihood) = problem.covariances(&run.state);
    let State { work, mean, sd } = run.state;

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
            let (se_a, se_b, se_c) = standard_errors(w, covariances[i], config);
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
        iterations: run.e_steps,
        converged: run.converged,
        last_change: run.last_change,
        ability_mean: mean,
        ability_sd: sd,
        log_likelihood,
        objective_trace: run.trace,
    }
}

/// The outcome of the EM iterations.
struct Run {
    state: State,
    e_steps: usize,
    converged: bool,
    last_change: f64,
    trace: Vec<f64>,
}

impl Problemset<'_> {
    /// EM cycles until one cycle changes no parameter by more than the tolerance, accelerated by
    /// SQUAREM (Varadhan & Roland 2008, scheme S3): two EM cycles x₀ → x₁ → x₂ give
    /// r = x₁ − x₀ and v = x₂ − 2x₁ + x₀, the step length α = −‖r‖/‖v‖ (at most −1), and the
    /// extrapolated point x₀ − 2αr + α²v, from which the next cycle starts. The point is kept
    /// only if its penalised log-likelihood is not below that at x₁; otherwise the cycle goes on
    /// from x₂, as plain EM would, so the objective never decreases from one accepted point to
    /// the next. The step-length cap starts at 4 and grows fourfold whenever a capped step
    /// is accepted (SQUAREM's `step.max`, `mstep = 4`). Extrapolation is done on (ln a, d, γ)
    /// and (mean, ln sd), where the parameters are unbounded.
    fn run_em(&self, mut x0: State) -> Run {
        let config = self.config;
        let mut trace = Vec::new();
        let mut e_steps = 0;
        let mut step_max: f64 = 4.0;
        // The extrapolated point to try, with the objective it must reach and the EM fallback.
        let mut pending: Option<(f64, State)> = None;
        loop {
            let mut e0 = self.e_step(&x0);
            e_steps += 1;
            config.progress.set(e_steps);
            let mut objective0 = e0.log_likelihood + self.log_prior(&x0);
            trace.push(objective0);
            if let Some((floor, fallback)) = pending.take()
                && (objective0.is_nan() || objective0 < floor)
            {
                // The extrapolation overshot: go on from the plain EM point.
                x0 = fallback;
                e0 = self.e_step(&x0);
                e_steps += 1;
                config.progress.set(e_steps);
                objective0 = e0.log_likelihood + self.log_prior(&x0);
                trace.push(objective0);
                step_max = (step_max / 4.0).max(4.0);
            }
            let x1 = self.m_step(&x0, &e0);
            let change = self.change(&x0, &x1);
            if change < config.tolerance || e_steps >= config.max_iterations || !config.accelerate {
                let done = change < config.tolerance || e_steps >= config.max_iterations;
                x0 = x1;
                if done {
                    return Run {
                        state: x0,
                        e_steps,
                        converged: change < config.tolerance,
                        last_change: change,
                        trace,
                    };
                }
                continue;
            }
            let e1 = self.e_step(&x1);
            e_steps += 1;
            config.progress.set(e_steps);
            let objective1 = e1.log_likelihood + self.log_prior(&x1);
            trace.push(objective1);
            let x2 = self.m_step(&x1, &e1);
            let change = self.change(&x1, &x2);
            if change < config.tolerance || e_steps >= config.max_iterations {
                return Run {
                    state: x2,
                    e_steps,
                    converged: change < config.tolerance,
                    last_change: change,
                    trace,
                };
            }
            let (p0, p1, p2) = (self.pack(&x0), self.pack(&x1), self.pack(&x2));
            let (mut rr, mut vv) = (0.0, 0.0);
            for k in 0..p0.len() {
                let r = p1[k] - p0[k];
                let v = p2[k] - 2.0 * p1[k] + p0[k];
                rr += r * r;
                vv += v * v;
            }
            if vv.is_nan() || vv <= 0.0 {
                x0 = x2;
                continue;
            }
            let alpha = -(rr / vv).sqrt().clamp(1.0, step_max);
            if alpha == -step_max {
                step_max *= 4.0;
            }
            let extrapolated: Vec<f64> = (0..p0.len())
                .map(|k| {
                    let r = p1[k] - p0[k];
                    let v = p2[k] - 2.0 * p1[k] + p0[k];
                    p0[k] - 2.0 * alpha * r + alpha * alpha * v
                })
                .collect();
            let xp = self.unpack(&extrapolated, &x2);
            pending = Some((objective1, x2));
            x0 = xp;
        }
    }

    /// The free parameters as one vector: (ln a, d[, γ]) per calibrated item, then
    /// (mean, ln sd) with anchors.
    fn pack(&self, x: &State) -> Vec<f64> {
        let three = self.config.model == Model::ThreePl;
        let mut out = Vec::new();
        for (w, _) in x.work.iter().zip(&self.free).filter(|(_, f)| **f) {
            out.push(w.a.ln());
            out.push(w.d);
            if three {
                out.push(w.gamma);
            }
        }
        if self.anchored {
            out.push(x.mean);
            out.push(x.sd.ln());
        }
        out
    }

    /// The inverse of [`pack`](Self::pack), clamped into the parameter space; fixed parameters
    /// come from `template`.
    fn unpack(&self, flat: &[f64], template: &State) -> State {
        let three = self.config.model == Model::ThreePl;
        let (lo, hi) = self.config.a_bounds;
        let mut x = template.clone();
        let mut values = flat.iter().copied();
        let mut next = || values.next().unwrap_or(f64::NAN);
        for (w, _) in x.work.iter_mut().zip(&self.free).filter(|(_, f)| **f) {
            let a = next().exp();
            let d = next();
            // A non-finite extrapolation keeps the template's value.
            if a.is_finite() && d.is_finite() {
                w.a = a.clamp(lo, hi);
                w.d = d.clamp(-100.0, 100.0);
            }
            if three {
                let gamma = next();
                if gamma.is_finite() {
                    w.gamma = gamma.clamp(-12.0, 3.0);
                }
            }
        }
        if self.anchored {
            let (mean, log_sd) = (next(), next());
            if mean.is_finite() && log_sd.is_finite() {
                x.mean = mean.clamp(-6.0, 6.0);
                x.sd = log_sd.exp().max(0.05);
            }
        }
        x
    }

    /// The largest change of any a, b or c of a calibrated item, or of the ability mean or SD.
    fn change(&self, old: &State, new: &State) -> f64 {
        let mut change: f64 = (old.mean - new.mean).abs().max((old.sd - new.sd).abs());
        for i in (0..self.n_items).filter(|&i| self.free[i]) {
            let (o, n) = (old.work[i], new.work[i]);
            change = change
                .max((n.a - o.a).abs())
                .max((n.b() - o.b()).abs())
                .max((n.c() - o.c()).abs());
        }
        change
    }

    /// The log-priors of the calibrated items' parameters: what the penalised (MAP) EM adds to
    /// the marginal log-likelihood, and the objective it never decreases.
    fn log_prior(&self, x: &State) -> f64 {
        let mut value = 0.0;
        for i in (0..self.n_items).filter(|&i| self.free[i]) {
            let w = x.work[i];
            if let Some(sd) = self.config.log_a_prior_sd {
                value -= 0.5 * (w.a.ln() / sd).powi(2);
            }
            if self.config.model == Model::ThreePl {
                let (alpha, beta) = self.config.c_prior;
                let c = w.c();
                value += (alpha - 1.0) * c.ln() + (beta - 1.0) * (1.0 - c).ln();
            }
        }
        value
    }

    /// Log P and log Q of every used item at the nodes (rows `2 i + 1` and `2 i`), and the log
    /// density of N(mean, sd²) at the nodes normalised over them.
    fn log_tables(&self, x: &State) -> (Vec<Row>, Row) {
        let mut table = vec![[0.0; Q]; 2 * self.n_items];
        for i in (0..self.n_items).filter(|&i| self.used[i]) {
            let (wrong, right) = table[2 * i..2 * i + 2].split_at_mut(1);
            for (k, (lq, lp)) in wrong[0].iter_mut().zip(&mut right[0]).enumerate() {
                (*lp, *lq) = x.work[i].log_p_q(GRID.node(k));
            }
        }
        let mut log_prior = GRID.normal_log_prior(x.mean, x.sd);
        let norm = log_prior.iter().map(|l| l.exp()).sum::<f64>().ln();
        log_prior.iter_mut().for_each(|l| *l -= norm);
        (table, log_prior)
    }

    /// Each person's posterior on the nodes, summed into expected counts per item and node.
    /// People are split into chunks that run on all cores; the chunks are fixed by the number
    /// of people alone and summed in order, so the result does not depend on the core count.
    fn e_step(&self, x: &State) -> Expectation {
        let (table, log_prior) = self.log_tables(x);
        let parts = over_people(self.answers.n_people(), |people| {
            let answers = people.map(|person| self.answers.counted(person));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2, checked just above.
                return unsafe { expect_avx2(answers, &table, &log_prior) };
            }
            expect(answers, &table, &log_prior)
        });
        let mut parts = parts.into_iter();
        let mut total = parts.next().expect("at least one chunk");
        for part in parts {
            total.log_likelihood += part.log_likelihood;
            add(&mut total.marginal, &part.marginal);
            for (t, p) in total.counts.iter_mut().zip(&part.counts) {
                add(t, p);
            }
        }
        for i in (0..self.n_items).filter(|&i| self.answers.complete[i]) {
            let (wrong, right) = total.counts[2 * i..2 * i + 2].split_at_mut(1);
            for ((w, r), m) in wrong[0].iter_mut().zip(&right[0]).zip(&total.marginal) {
                *w = (m - r).max(0.0);
            }
        }
        total
    }

    /// New parameters from the expected counts: a penalised Fisher-scoring fit per calibrated
    /// item and, with anchors, the mean and SD of the posterior mass.
    fn m_step(&self, x: &State, e: &Expectation) -> State {
        let mut next = x.clone();
        for i in (0..self.n_items).filter(|&i| self.free[i]) {
            let counts = Counts {
                wrong: &e.counts[2 * i],
                right: &e.counts[2 * i + 1],
            };
            next.work[i] = m_step(x.work[i], &counts, self.config);
        }
        if self.anchored {
            let total: f64 = e.marginal.iter().sum();
            if total > 0.0 {
                // The mean and SD of the posterior mass: the EAP of the population.
                let population = GRID.moments(&e.marginal);
                next.mean = population.theta;
                next.sd = population.se.max(0.05);
            }
        }
        next
    }

    /// The covariance matrix of each calibrated item's (a, d[, γ]) (γ row and column zero for
    /// the 2PL), `None` where the information does not determine it; and the marginal
    /// log-likelihood at `x`.
    ///
    /// The covariance is the inverse of the observed information of all estimated parameters
    /// together (every calibrated item's, and with anchors the ability mean and SD), plus the
    /// priors' curvature as in the M-step, so it includes what the items share through the
    /// ability. This is what R's ltm reports (Rizopoulos 2006, JSS 17(5), section 2: `ltm.fit`
    /// inverts the numerical Hessian of the marginal log-likelihood from `optim(hessian =
    /// TRUE)`); here the Hessian is analytic (see [`observed_information`](Self::observed_information)).
    /// The empirical cross-product information per item that `calibrate` used before left out
    /// the other items and gave standard errors 4–11 % smaller on LSAT-6.
    fn covariances(&self, x: &State) -> (Vec<Option<[[f64; 3]; 3]>>, f64) {
        let (mut information, log_likelihood) = self.observed_information(x);
        let layout = &information.layout;
        let mut prior_diagonal = Vec::new();
        for (i, offset) in layout.item.iter().enumerate() {
            if let Some(offset) = offset {
                let (_, prior) = prior_terms(x.work[i], self.config);
                for (p, value) in prior.iter().enumerate().take(layout.dim) {
                    prior_diagonal.push((offset + p, *value));
                }
            }
        }
        for (p, value) in prior_diagonal {
            information.add(p, p, value);
        }
        let layout = &information.layout;
        let blocks: Vec<std::ops::Range<usize>> = layout
            .item
            .iter()
            .flatten()
            .map(|&offset| offset..offset + layout.dim)
            .chain(layout.population.map(|offset| offset..offset + 2))
            .collect();
        let mut inverse = inverse_blocks(layout.n, &information.packed, &blocks).into_iter();
        let covariances = layout
            .item
            .iter()
            .map(|offset| offset.and_then(|_| inverse.next().flatten()))
            .collect();
        (covariances, log_likelihood)
    }

    /// The observed information of the marginal log-likelihood ℓ at `x` (its negative Hessian,
    /// without priors) in every calibrated item's (a, d[, γ]) and, with anchors, the ability
    /// distribution's (mean, ln SD); and ℓ at `x`.
    ///
    /// Louis (1982, JRSS B 44, 226–233): for a person with marginal likelihood
    /// Σ_k w_k f_k, where f_k is the likelihood of their answers at node k and π_k their
    /// posterior, −∇²ℓ = Σ_k π_k (−∇² ln f_k) − Σ_k π_k s_k s_kᵀ + s̄ s̄ᵀ with s_k = ∇ ln f_k and
    /// s̄ = Σ_k π_k s_k. Since ln f_k is a sum over the person's answers (and ln w_k), s_k
    /// stacks one score per answered item, and the blocks of two items answered by the same
    /// person are s̄_i s̄_jᵀ − Σ_k π_k s_ik s_jkᵀ: this is where items share information. Cost per
    /// person: (parameters answered)² dot products over the nodes.
    fn observed_information(&self, x: &State) -> (Information, f64) {
        let three = self.config.model == Model::ThreePl;
        let dim = if three { 3 } else { 2 };
        let mut item = vec![None; self.n_items];
        let mut n = 0;
        for (offset, _) in item.iter_mut().zip(&self.free).filter(|(_, free)| **free) {
            *offset = Some(n);
            n += dim;
        }
        let population = self.anchored.then(|| {
            n += 2;
            n - 2
        });
        let layout = Layout {
            item,
            dim,
            population,
            n,
        };
        let (log_table, log_prior) = self.log_tables(x);
        let terms: Vec<[NodeTerms; 2]> = (0..self.n_items)
            .map(|i| {
                if self.free[i] {
                    [false, true].map(|right| answer_terms(x.work[i], right, three))
                } else {
                    [NodeTerms::ZERO, NodeTerms::ZERO]
                }
            })
            .collect();
        let population = population_terms(x.mean, x.sd, &log_prior);
        let tables = InformationTables {
            log_table: &log_table,
            log_prior: &log_prior,
            layout: &layout,
            terms: &terms,
            population: &population,
        };
        let parts = over_people(self.answers.n_people(), |people| {
            let answers = people.map(|person| self.answers.of(person));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2, checked just above.
                return unsafe { information_products_avx2(answers, &tables) };
            }
            information_products(answers, &tables)
        });
        let mut parts = parts.into_iter();
        let (mut packed, mut log_likelihood) = parts.next().expect("at least one chunk");
        for (part, ll) in parts {
            log_likelihood += ll;
            packed.iter_mut().zip(&part).for_each(|(t, p)| *t += p);
        }
        (Information { layout, packed }, log_likelihood)
    }
}

/// Where each estimated parameter sits in the information matrix: a calibrated item's
/// (a, d[, γ]) from `item[i]` on, then (mean, ln SD) of the ability from `population` on.
struct Layout {
    item: Vec<Option<usize>>,
    /// Parameters per item: 2 for the 2PL, 3 for the 3PL.
    dim: usize,
    population: Option<usize>,
    n: usize,
}

/// A symmetric information matrix, its upper triangle packed by rows.
struct Information {
    layout: Layout,
    packed: Vec<f64>,
}

impl Information {
    fn add(&mut self, row: usize, column: usize, value: f64) {
        self.packed[packed_index(self.layout.n, row, column)] += value;
    }
}

/// The position of (row, column) of a symmetric n × n matrix in its packed upper triangle.
#[inline(always)]
fn packed_index(n: usize, row: usize, column: usize) -> usize {
    let (r, c) = if row <= column {
        (row, column)
    } else {
        (column, row)
    };
    r * (2 * n + 1 - r) / 2 + (c - r)
}

/// One answer's (or the ability distribution's) terms at each node for the observed
/// information: the score s_k of its log-likelihood and, upper triangle by [`TRIANGLE`], its
/// negative Hessian minus s_k s_kᵀ.
#[derive(Clone)]
struct NodeTerms {
    score: [Row; 3],
    curvature: [Row; 6],
}

impl NodeTerms {
    const ZERO: NodeTerms = NodeTerms {
        score: [[0.0; Q]; 3],
        curvature: [[0.0; Q]; 6],
    };
}

/// The index of entry (x, y) of a symmetric 3 × 3 matrix in [`NodeTerms::curvature`].
const TRIANGLE: [[usize; 3]; 3] = [[0, 1, 2], [1, 3, 4], [2, 4, 5]];

/// The terms of a right (or wrong) answer to an item with parameters `w`, in (a, d[, γ]).
///
/// With z = aθ + d, s = logistic(z), c = logistic(γ), P = c + (1 − c)s and Q = 1 − P, the
/// answer's log-likelihood u ln P + (1 − u) ln Q has the score (u − P) v with
/// v = (θ s/P, s/P, c/P) (as in [`score_and_information`]) and the Hessian
/// −PQ v vᵀ + (u − P) ∂v/∂(a, d, γ), where
/// ∂v/∂(a, d) = s(1 − s) c/P² (θ², θ; θ, 1), ∂v_(a, d)/∂γ = −s(1 − s) c(1 − c)/P² (θ, 1) and
/// ∂v_γ/∂γ = c(1 − c) s/P² (0 for the 2PL, where v = (θ, 1) is constant).
fn answer_terms(w: Work, right: bool, three: bool) -> NodeTerms {
    let mut terms = NodeTerms::ZERO;
    let c = w.c();
    for k in 0..Q {
        let t = GRID.node(k);
        let s = logistic(w.a * t + w.d);
        let p = c + (1.0 - c) * s;
        let q = (1.0 - c) * (1.0 - s);
        let s_over_p = if c == 0.0 { 1.0 } else { s / p };
        let v = [s_over_p * t, s_over_p, if three { c / p } else { 0.0 }];
        let residual = if right { q } else { -p };
        let mut dv = [[0.0; 3]; 3];
        if c > 0.0 {
            let base = s * (1.0 - s) * c / (p * p);
            let mixed = -base * (1.0 - c);
            dv = [
                [base * t * t, base * t, mixed * t],
                [base * t, base, mixed],
                [mixed * t, mixed, c * (1.0 - c) * s / (p * p)],
            ];
        }
        for x in 0..3 {
            terms.score[x][k] = residual * v[x];
            for y in x..3 {
                terms.curvature[TRIANGLE[x][y]][k] =
                    (p * q - residual * residual) * v[x] * v[y] - residual * dv[x][y];
            }
        }
    }
    terms
}

/// The terms of the ability distribution in (mean μ, ln SD τ): the log of its weight at node k,
/// ln w_k = e_k − ln Σ_l exp(e_l) with e_k = −(θ_k − μ)²/(2σ²), has the gradient
/// ∇e_k − Σ_l w_l ∇e_l and the Hessian ∇²e_k − Σ_l w_l ∇²e_l − Σ_l w_l (∇e_l − ē)(∇e_l − ē)ᵀ,
/// with ∇e = (δ, δ²)/σ² and ∇²e = −(1, 2δ; 2δ, 2δ²)/σ² for δ = θ − μ.
fn population_terms(mean: f64, sd: f64, log_prior: &Row) -> NodeTerms {
    let precision = 1.0 / (sd * sd);
    let gradient = |k: usize| {
        let delta = GRID.node(k) - mean;
        [delta * precision, delta * delta * precision]
    };
    let hessian = |k: usize| {
        let delta = GRID.node(k) - mean;
        [
            -precision,
            -2.0 * delta * precision,
            -2.0 * delta * delta * precision,
        ]
    };
    let (mut mean_gradient, mut mean_hessian) = ([0.0; 2], [0.0; 3]);
    for (k, log_weight) in log_prior.iter().enumerate() {
        let weight = log_weight.exp();
        let (g, h) = (gradient(k), hessian(k));
        for x in 0..2 {
            mean_gradient[x] += weight * g[x];
        }
        for x in 0..3 {
            mean_hessian[x] += weight * h[x];
        }
    }
    let mut spread = [0.0; 3];
    for (k, log_weight) in log_prior.iter().enumerate() {
        let weight = log_weight.exp();
        let g = gradient(k);
        let centred = [g[0] - mean_gradient[0], g[1] - mean_gradient[1]];
        spread[0] += weight * centred[0] * centred[0];
        spread[1] += weight * centred[0] * centred[1];
        spread[2] += weight * centred[1] * centred[1];
    }
    let mut terms = NodeTerms::ZERO;
    for k in 0..Q {
        let (g, h) = (gradient(k), hessian(k));
        let score = [g[0] - mean_gradient[0], g[1] - mean_gradient[1]];
        terms.score[0][k] = score[0];
        terms.score[1][k] = score[1];
        // (x, y) = (0, 0), (0, 1), (1, 1) in the 2-parameter block.
        for (e, (x, y)) in [(0, 0), (0, 1), (1, 1)].into_iter().enumerate() {
            let negative_hessian = -(h[e] - mean_hessian[e] - spread[e]);
            terms.curvature[TRIANGLE[x][y]][k] = negative_hessian - score[x] * score[y];
        }
    }
    terms
}

/// What the information pass reads: the E-step's tables, and the node terms of every
/// calibrated item's wrong and right answers and of the ability distribution.
struct InformationTables<'a> {
    log_table: &'a [Row],
    log_prior: &'a Row,
    layout: &'a Layout,
    terms: &'a [[NodeTerms; 2]],
    population: &'a NodeTerms,
}

/// The observed information over some people (packed upper triangle) and their
/// log-likelihood; see [`Problemset::observed_information`].
#[inline(always)]
fn information_products<'a>(
    people: impl Iterator<Item = &'a [u32]>,
    tables: &InformationTables,
) -> (Vec<f64>, f64) {
    let layout = tables.layout;
    let n = layout.n;
    let mut packed = vec![0.0; n * (n + 1) / 2];
    let mut log_likelihood = 0.0;
    let mut post = [0.0; Q];
    // Per estimated block the person takes part in: offset, size, node terms; then π ⊙ score
    // and the posterior mean score s̄.
    let mut blocks: Vec<(usize, usize, &NodeTerms)> = Vec::new();
    let mut weighted: Vec<[Row; 3]> = Vec::new();
    let mut mean: Vec<[f64; 3]> = Vec::new();
    for mine in people.filter(|mine| !mine.is_empty()) {
        log_likelihood += posterior(mine, tables.log_prior, tables.log_table, &mut post);
        blocks.clear();
        for &code in mine {
            let item = code as usize / 2;
            if let Some(offset) = layout.item[item] {
                blocks.push((offset, layout.dim, &tables.terms[item][code as usize % 2]));
            }
        }
        if let Some(offset) = layout.population {
            blocks.push((offset, 2, tables.population));
        }
        weighted.resize(blocks.len(), [[0.0; Q]; 3]);
        mean.resize(blocks.len(), [0.0; 3]);
        for (b, &(_, dim, terms)) in blocks.iter().enumerate() {
            for x in 0..dim {
                for ((w, p), s) in weighted[b][x].iter_mut().zip(&post).zip(&terms.score[x]) {
                    *w = p * s;
                }
                mean[b][x] = dot(&post, &terms.score[x]);
            }
        }
        for (b, &(offset, dim, terms)) in blocks.iter().enumerate() {
            for x in 0..dim {
                for y in x..dim {
                    packed[packed_index(n, offset + x, offset + y)] +=
                        dot(&post, &terms.curvature[TRIANGLE[x][y]]) + mean[b][x] * mean[b][y];
                }
            }
            for (other, &(offset2, dim2, terms2)) in blocks.iter().enumerate().skip(b + 1) {
                for x in 0..dim {
                    for y in 0..dim2 {
                        packed[packed_index(n, offset + x, offset2 + y)] +=
                            mean[b][x] * mean[other][y] - dot(&weighted[b][x], &terms2.score[y]);
                    }
                }
            }
        }
    }
    (packed, log_likelihood)
}

/// [`information_products`] compiled for AVX2, as [`expect_avx2`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn information_products_avx2<'a>(
    people: impl Iterator<Item = &'a [u32]>,
    tables: &InformationTables,
) -> (Vec<f64>, f64) {
    information_products(people, tables)
}

/// A pivot of the Cholesky factorisation at or below this fraction of its diagonal entry
/// means that the parameter is (numerically) a combination of those before it.
const PIVOT_TOLERANCE: f64 = 1e-10;

/// The diagonal blocks `blocks` (of at most 3 rows each, covering 0..n in order) of the
/// inverse of the symmetric n × n matrix `packed` (upper triangle by rows), by its Cholesky
/// factorisation L Lᵀ and L⁻¹ (Golub & Van Loan, Matrix Computations, 4th ed., 4.2.5).
///
/// A block whose pivot fails (the matrix is not positive definite once its rows are added)
/// gets `None`, and the factorisation goes on without its rows and columns: the other blocks
/// get the inverse of the matrix without it, as if that item's parameters were known. Written
/// out rather than taken from a crate because it has to name the block that fails, and
/// costs n³/3 multiplications in all (0.1 s for n = 900).
fn inverse_blocks(
    n: usize,
    packed: &[f64],
    blocks: &[std::ops::Range<usize>],
) -> Vec<Option<[[f64; 3]; 3]>> {
    let mut owner = vec![0; n];
    for (b, rows) in blocks.iter().enumerate() {
        owner[rows.clone()].fill(b);
    }
    let mut dropped = vec![false; blocks.len()];
    // L, lower triangle by rows; rows and columns of dropped blocks stay zero.
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        if dropped[owner[i]] {
            continue;
        }
        for j in 0..=i {
            if dropped[owner[j]] {
                continue;
            }
            let (row_i, row_j) = (&l[i * n..i * n + j], &l[j * n..j * n + j]);
            let sum = packed[packed_index(n, j, i)] - dot_slices(row_i, row_j);
            if j < i {
                l[i * n + j] = sum / l[j * n + j];
                continue;
            }
            let diagonal = packed[packed_index(n, i, i)];
            if sum.is_finite() && sum > 0.0 && sum > PIVOT_TOLERANCE * diagonal.abs() {
                l[i * n + i] = sum.sqrt();
            } else {
                let b = owner[i];
                dropped[b] = true;
                for row in blocks[b].start..=i {
                    l[row * n..row * n + row + 1].fill(0.0);
                }
            }
        }
    }
    // Column c of L⁻¹ from row c on: m_c = 1/L_cc, m_k = −(Σ_{c≤j<k} L_kj m_j)/L_kk.
    let column = |c: usize| -> Vec<f64> {
        let mut m = vec![0.0; n - c];
        m[0] = 1.0 / l[c * n + c];
        for k in c + 1..n {
            if dropped[owner[k]] {
                continue;
            }
            let sum = dot_slices(&l[k * n + c..k * n + k], &m[..k - c]);
            m[k - c] = -sum / l[k * n + k];
        }
        m
    };
    blocks
        .iter()
        .enumerate()
        .map(|(b, rows)| {
            if dropped[b] {
                return None;
            }
            let columns: Vec<Vec<f64>> = rows.clone().map(column).collect();
            let mut inverse = [[0.0; 3]; 3];
            for x in 0..columns.len() {
                for y in x..columns.len() {
                    // (L⁻ᵀ L⁻¹)_xy = Σ_{k ≥ y} m_x[k] m_y[k], with m_x starting y − x rows earlier.
                    let value = dot_slices(&columns[x][y - x..], &columns[y]);
                    inverse[x][y] = value;
                    inverse[y][x] = value;
                }
            }
            inverse
                .iter()
                .flatten()
                .all(|v| v.is_finite())
                .then_some(inverse)
        })
        .collect()
}

/// Σ x_k y_k over two slices of the same length, in four interleaved partial sums, which the
/// compiler can keep in vector lanes.
#[inline(always)]
fn dot_slices(x: &[f64], y: &[f64]) -> f64 {
    let mut lanes = [0.0; 4];
    let (xs, x_rest) = x.as_chunks::<4>();
    let (ys, y_rest) = y.as_chunks::<4>();
    for (a, b) in xs.iter().zip(ys) {
        for l in 0..4 {
            lanes[l] += a[l] * b[l];
        }
    }
    let tail: f64 = x_rest.iter().zip(y_rest).map(|(a, b)| a * b).sum();
    (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]) + tail
}

/// Σ_k x_k y_k over two quadrature rows ([`dot_slices`]; inlined, so the rows' fixed length is
/// known where it is used).
#[inline(always)]
fn dot(x: &Row, y: &Row) -> f64 {
    dot_slices(x, y)
}

/// The E-step over some people: their posteriors summed into expected counts. Elementwise
/// sums over the nodes only, so the compiler vectorises them; see [`expect_avx2`].
#[inline(always)]
fn expect<'a>(
    people: impl Iterator<Item = (&'a [u32], usize)>,
    log_table: &[Row],
    log_prior: &Row,
) -> Expectation {
    let mut part = Expectation {
        counts: vec![[0.0; Q]; log_table.len()],
        marginal: [0.0; Q],
        log_likelihood: 0.0,
    };
    let mut post = [0.0; Q];
    for (mine, counted) in people.filter(|(mine, _)| !mine.is_empty()) {
        part.log_likelihood += posterior(mine, log_prior, log_table, &mut post);
        add(&mut part.marginal, &post);
        for &code in &mine[..counted] {
            add(&mut part.counts[code as usize], &post);
        }
    }
    part
}

/// [`expect`] compiled for AVX2: four additions per instruction instead of two. Additions only
/// (no FMA), lane by lane in the same order, so the sums are bit-identical to the plain build.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn expect_avx2<'a>(
    people: impl Iterator<Item = (&'a [u32], usize)>,
    log_table: &[Row],
    log_prior: &Row,
) -> Expectation {
    expect(people, log_table, log_prior)
}

#[inline(always)]
fn add(into: &mut Row, from: &Row) {
    into.iter_mut().zip(from).for_each(|(x, y)| *x += y);
}

/// Runs `work` on consecutive chunks of the people `0..n_people` on rayon's pool and returns the
/// chunks' results in order. The chunking depends on `n_people` only (at most 8 chunks of at
/// least 256 people), so that the caller's sums come out the same on any machine and with any
/// number of threads.
fn over_people<T: Send>(
    n_people: usize,
    work: impl Fn(std::ops::Range<usize>) -> T + Sync + Send,
) -> Vec<T> {
    let n_chunks = (n_people / 256).clamp(1, 8);
    (0..n_chunks)
        .into_par_iter()
        .map(|c| work(c * n_people / n_chunks..(c + 1) * n_people / n_chunks))
        .collect()
}

/// Penalised expected complete-data log-likelihood of one item.
fn objective(w: Work, counts: &Counts, config: &Config) -> f64 {
    let mut value = 0.0;
    for k in 0..Q {
        let (wrong, right) = (counts.wrong[k], counts.right[k]);
        if wrong + right <= 0.0 {
            continue;
        }
        let (lp, lq) = w.log_p_q(GRID.node(k));
        value += right * lp + wrong * lq;
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
fn score_and_information(w: Work, counts: &Counts, config: &Config) -> ([f64; 3], [[f64; 3]; 3]) {
    let three = config.model == Model::ThreePl;
    let c = w.c();
    let mut g = [0.0; 3];
    let mut info = [[0.0; 3]; 3];
    for k in 0..Q {
        let (r, n) = (counts.right[k], counts.wrong[k] + counts.right[k]);
        if n <= 0.0 {
            continue;
        }
        let t = GRID.node(k);
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

/// One person's posterior on the nodes, normalised, into `post`; returns the log of the
/// person's marginal likelihood (`log_prior` is normalised over the nodes).
#[inline(always)]
fn posterior(mine: &[u32], log_prior: &Row, log_table: &[Row], post: &mut Row) -> f64 {
    *post = *log_prior;
    for &code in mine {
        add(post, &log_table[code as usize]);
    }
    let max = post.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for x in post.iter_mut() {
        *x = exp_nonpositive(*x - max);
    }
    let total: f64 = post.iter().sum();
    let scale = 1.0 / total;
    post.iter_mut().for_each(|x| *x *= scale);
    max + total.ln()
}

/// e^x for x ≤ 0 (0 below −708, where e^x leaves the normal range), within 2·10⁻¹⁶ relative,
/// in straight-line arithmetic that the compiler vectorises; libm's `exp`, one call per value,
/// took half the E-step. Cody–Waite reduction x = n ln 2 + r with |r| ≤ ln 2 / 2 (fdlibm's split
/// of ln 2), e^r by its Taylor polynomial of degree 12 (truncation error below 2·10⁻¹⁶), and 2ⁿ
/// written into the exponent bits.
#[inline(always)]
fn exp_nonpositive(x: f64) -> f64 {
    // 1.5 · 2⁵²: adding it rounds to an integer, which then sits in the low mantissa bits.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    // ln 2 = LN2_HI + LN2_LO, LN2_HI with 21 trailing zero bits so that n · LN2_HI is exact.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    // 1/k! for k = 12, 11, …, 1, 0.
    const TAYLOR: [f64; 13] = [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        1.0 / 2.0,
        1.0,
        1.0,
    ];
    let clamped = x.max(-708.0);
    let shifted = clamped * std::f64::consts::LOG2_E + SHIFT;
    let n = shifted - SHIFT;
    let r = (clamped - n * LN2_HI) - n * LN2_LO;
    let mut p = TAYLOR[0];
    for c in &TAYLOR[1..] {
        p = p * r + c;
    }
    // n + 1023 in the exponent field is 2ⁿ (n ≥ −1022 here).
    let scale = f64::from_bits(
        shifted
            .to_bits()
            .wrapping_sub(SHIFT.to_bits())
            .wrapping_add(1023)
            << 52,
    );
    if x < -708.0 { 0.0 } else { p * scale }
}

fn m_step(old: Work, counts: &Counts, config: &Config) -> Work {
    let mut w = old;
    let (lo, hi) = config.a_bounds;
    let mut current = objective(w, counts, config);
    for _ in 0..5 {
        let (g, info) = score_and_information(w, counts, config);
        let Some(step) = solve3(info, g) else { break };
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
            let value = objective(trial, counts, config);
            if value.is_finite() && value >= current - 1e-12 {
                w = trial;
                current = value;
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

/// Standard errors of (a, b, c) from the covariance of (a, d, γ) (see
/// [`Problemset::covariances`]), by the delta method; NaN (unknown) without a covariance.
fn standard_errors(w: Work, cov: Option<[[f64; 3]; 3]>, config: &Config) -> (f64, f64, f64) {
    let Some(cov) = cov else {
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

    /// Full data: every item is complete, wrong answers are not summed, and the E-step's counts
    /// equal those that sum every answer.
    #[test]
    fn complete_items_take_their_wrong_counts_from_the_marginal() {
        let answers: Vec<Answer> = (0..300)
            .flat_map(|person| {
                (0..6).map(move |item| Answer {
                    person,
                    item,
                    correct: (person * 7 + item * 3) % 5 < 2 + item % 3,
                })
            })
            .collect();
        let config = Config::new(Model::TwoPl);
        let grouped = Answers::group(6, 300, answers.iter().copied());
        assert!(grouped.complete.iter().all(|&c| c));
        assert!(grouped.counted.iter().all(|&n| n < 6));
        let mut summed = Answers::group(6, 300, answers.iter().copied());
        summed.complete = vec![false; 6];
        summed.counted = (0..300).map(|p| summed.of(p).len() as u32).collect();
        let problem = |answers| Problemset {
            config: &config,
            n_items: 6,
            answers,
            free: vec![true; 6],
            used: vec![true; 6],
            anchored: false,
        };
        let x = State {
            work: (0..6)
                .map(|i| Work {
                    a: 0.8 + 0.2 * i as f64,
                    d: 0.5 - 0.3 * i as f64,
                    gamma: f64::NEG_INFINITY,
                })
                .collect(),
            mean: 0.0,
            sd: 1.0,
        };
        let (fast, slow) = (problem(grouped).e_step(&x), problem(summed).e_step(&x));
        assert!((fast.log_likelihood - slow.log_likelihood).abs() < 1e-9);
        for (f, s) in fast.counts.iter().zip(&slow.counts) {
            for (a, b) in f.iter().zip(s) {
                assert!((a - b).abs() < 1e-9, "{a} vs {b}");
            }
        }
        // One person more who answers item 0 only: no other item is complete any more.
        let mut more = answers.clone();
        more.push(Answer {
            person: 300,
            item: 0,
            correct: true,
        });
        let grouped = Answers::group(6, 301, more.into_iter());
        assert_eq!(grouped.complete, [true, false, false, false, false, false]);
    }

    // The people are cut into chunks by their number alone and the chunks summed in order, so one
    // thread and four give the same calibration, bit for bit. 2,100 people make eight chunks;
    // each answers 6 of 12 items (a fixed pseudo-random pattern), with anchors so that the
    // ability mean and SD are estimated too.
    #[test]
    fn calibration_does_not_depend_on_the_thread_count() {
        let mut state = 12_345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let answers: Vec<Answer> = (0..2100)
            .flat_map(|person| {
                let first = next() % 12;
                let theta = (next() % 1000) as f64 / 250.0 - 2.0;
                let draws: Vec<usize> = (0..6).map(|_| next() % 1000).collect();
                (0..6).map(move |k| {
                    let item = (first + 2 * k) % 12;
                    let b = -1.5 + 0.25 * item as f64;
                    let p = 1.0 / (1.0 + (b - theta).exp());
                    Answer {
                        person,
                        item,
                        correct: (draws[k] as f64) < 1000.0 * p,
                    }
                })
            })
            .collect();
        let anchors = [
            Anchor {
                item: 0,
                a: 1.0,
                b: -1.5,
                c: 0.0,
            },
            Anchor {
                item: 6,
                a: 1.0,
                b: 0.0,
                c: 0.0,
            },
        ];
        let config = Config::new(Model::TwoPl);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| calibrate(12, &answers, &anchors, &config))
        };
        let one = on(1);
        assert!(one.converged, "{one:?}");
        assert!(one.items.iter().filter(|i| i.problem.is_none()).count() >= 10);
        assert_eq!(one, on(4));
    }

    #[test]
    fn fast_exp_agrees_with_libm() {
        let mut worst: f64 = 0.0;
        for k in 0..=200_000 {
            let x = -708.0 * k as f64 / 200_000.0;
            let (fast, libm) = (exp_nonpositive(x), x.exp());
            worst = worst.max(((fast - libm) / libm).abs());
        }
        assert!(worst < 5e-16, "largest relative error {worst:e}");
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(-708.5), 0.0);
        assert_eq!(exp_nonpositive(-1e300), 0.0);
        assert_eq!(exp_nonpositive(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn dot_in_lanes_is_the_dot_product() {
        let x: Row = std::array::from_fn(|k| (k as f64 * 0.37).sin());
        let y: Row = std::array::from_fn(|k| 1.0 + k as f64 / 7.0);
        let plain: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
        assert!((dot(&x, &y) - plain).abs() < 1e-12 * plain.abs().max(1.0));
    }

    /// Louis' formula in `observed_information` is the negative Hessian of the marginal
    /// log-likelihood: checked against central second differences of the E-step's
    /// log-likelihood, away from the maximum, for the 2PL, the 3PL and (with an anchor) with
    /// the ability mean and SD among the parameters.
    #[test]
    fn observed_information_is_the_negative_hessian_of_the_log_likelihood() {
        let mut state = 777u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut answers = Vec::new();
        for person in 0..400 {
            let theta = 4.0 * next() - 2.0;
            for item in 0..5 {
                if next() < 0.7 {
                    let p = 0.2 + 0.8 / (1.0 + (0.5 * item as f64 - 1.0 - theta).exp());
                    answers.push(Answer {
                        person,
                        item,
                        correct: next() < p,
                    });
                }
            }
        }
        for (model, anchored) in [
            (Model::TwoPl, false),
            (Model::ThreePl, false),
            (Model::ThreePl, true),
        ] {
            let three = model == Model::ThreePl;
            let config = Config::new(model);
            let problem = Problemset {
                config: &config,
                n_items: 5,
                answers: Answers::group(5, 400, answers.iter().copied()),
                free: (0..5).map(|i| !anchored || i != 2).collect(),
                used: vec![true; 5],
                anchored,
            };
            let x = State {
                work: (0..5)
                    .map(|i| Work {
                        a: 0.7 + 0.2 * i as f64,
                        d: 0.4 - 0.3 * i as f64,
                        gamma: if three {
                            -1.5 + 0.1 * i as f64
                        } else {
                            f64::NEG_INFINITY
                        },
                    })
                    .collect(),
                mean: if anchored { 0.3 } else { 0.0 },
                sd: if anchored { 1.2 } else { 1.0 },
            };
            let (information, _) = problem.observed_information(&x);
            let layout = &information.layout;
            // Parameter p of the layout, moved by `by`.
            let moved = |p: usize, by: f64, x: &mut State| {
                if let Some(offset) = layout.population
                    && p >= offset
                {
                    if p == offset {
                        x.mean += by;
                    } else {
                        x.sd *= by.exp();
                    }
                    return;
                }
                let i = (0..5)
                    .find(|&i| layout.item[i].is_some_and(|o| (o..o + layout.dim).contains(&p)));
                let w = &mut x.work[i.unwrap()];
                match p - layout.item[i.unwrap()].unwrap() {
                    0 => w.a += by,
                    1 => w.d += by,
                    _ => w.gamma += by,
                }
            };
            let log_likelihood = |steps: &[(usize, f64)]| {
                let mut y = x.clone();
                for &(p, by) in steps {
                    moved(p, by, &mut y);
                }
                problem.e_step(&y).log_likelihood
            };
            let h = 1e-4;
            let n = layout.n;
            assert_eq!(
                n,
                if anchored {
                    14
                } else if three {
                    15
                } else {
                    10
                }
            );
            for p in 0..n {
                for q in p..n {
                    let second = (log_likelihood(&[(p, h), (q, h)])
                        - log_likelihood(&[(p, h), (q, -h)])
                        - log_likelihood(&[(p, -h), (q, h)])
                        + log_likelihood(&[(p, -h), (q, -h)]))
                        / (4.0 * h * h);
                    let analytic = information.packed[packed_index(n, p, q)];
                    assert!(
                        (analytic + second).abs() < 1e-3 + 1e-5 * second.abs(),
                        "{model:?}, anchored {anchored}: ({p}, {q}) analytic {analytic}, numerical {}",
                        -second
                    );
                }
            }
        }
    }

    /// The second-difference matrix (2 on the diagonal, −1 beside it) has the inverse
    /// min(i, j)(n + 1 − max(i, j))/(n + 1) (1-based); a block that repeats another one's rows
    /// is singular and dropped, and the others get the inverse without it; a NaN only loses its
    /// own block.
    #[test]
    #[allow(clippy::needless_range_loop)] // matrix indices read best as indices
    fn inverse_blocks_of_known_and_singular_matrices() {
        let packed_of = |m: &[Vec<f64>]| -> Vec<f64> {
            let n = m.len();
            (0..n)
                .flat_map(|r| (r..n).map(move |c| (r, c)))
                .map(|(r, c)| m[r][c])
                .collect()
        };
        let second_difference = |n: usize| -> Vec<Vec<f64>> {
            (0..n)
                .map(|r| {
                    (0..n)
                        .map(|c| match r.abs_diff(c) {
                            0 => 2.0,
                            1 => -1.0,
                            _ => 0.0,
                        })
                        .collect()
                })
                .collect()
        };
        let known = |n: usize, i: usize, j: usize| {
            let (i, j) = (i + 1, j + 1);
            (i.min(j) * (n + 1 - i.max(j))) as f64 / (n + 1) as f64
        };
        let m = second_difference(7);
        let blocks = [0..3, 3..5, 5..7];
        let inverse = inverse_blocks(7, &packed_of(&m), &blocks);
        for (rows, block) in blocks.iter().zip(&inverse) {
            let block = block.expect("positive definite");
            for (x, i) in rows.clone().enumerate() {
                for (y, j) in rows.clone().enumerate() {
                    assert!((block[x][y] - known(7, i, j)).abs() < 1e-12, "({i}, {j})");
                }
            }
        }
        // Rows 0–1 and 4–5 of the 4 × 4 matrix, with rows 2–3 repeating rows 0–1.
        let small = second_difference(4);
        let source = [0, 1, 0, 1, 2, 3];
        let mut m: Vec<Vec<f64>> = source
            .iter()
            .map(|&r| source.iter().map(|&c| small[r][c]).collect())
            .collect();
        let blocks = [0..2, 2..4, 4..6];
        let inverse = inverse_blocks(6, &packed_of(&m), &blocks);
        assert!(inverse[1].is_none());
        for (b, first) in [(0, 0), (2, 2)] {
            let block = inverse[b].expect("kept");
            for x in 0..2 {
                for y in 0..2 {
                    assert!((block[x][y] - known(4, first + x, first + y)).abs() < 1e-9);
                }
            }
        }
        m[5][5] = f64::NAN;
        let inverse = inverse_blocks(6, &packed_of(&m), &blocks);
        assert!(inverse[0].is_some() && inverse[1].is_none() && inverse[2].is_none());
    }

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

//! The statistical core of the HR report: for each group × topic of a cycle, how the group does on
//! the topic *given the items its people actually got*, with uncertainty, false-flag control,
//! small-group suppression and trends. Pure: no I/O, no clock, no randomness; the same input
//! gives the same report, whatever the number of threads.
//!
//! # Why not raw percent correct
//! An adaptive test gives everyone items near their own level, so everyone gets roughly 55–65 %
//! right and a topic's raw wrong-rate mostly mirrors which items its pool could supply. The
//! statistics below hold the item parameters fixed, so the item difficulty is accounted for.
//! Raw percent correct is still reported, as secondary information.
//!
//! # The two statistics
//! **Relative (topic vs the group's own level)** — "which topic should this department work on
//! first?". For each person p and topic t, θ̂₋ₜ(p) is the EAP ability from p's answers to all
//! *other* topics (leave-topic-out, so a topic's own answers do not pull the prediction towards
//! themselves: the part–whole bias of correlating a part with a total that contains it). The cell
//! effect δ_gt is the maximum-likelihood shift in
//!
//! > P(person p in g answers item i of topic t right) = Pᵢ(θ̂₋ₜ(p) + δ_gt)
//!
//! with every item's a, b, c fixed. δ < 0: the group does worse on the topic than its members'
//! other answers predict. SE = 1/√(Σ Iᵢ(θ̂₋ₜ(p) + δ̂)) over the cell's answers; the interval is
//! δ̂ ± 1.96 SE. This is the Rasch bias/interaction analysis with person measures anchored at their
//! estimates (Linacre, *Facets* manual, "bias/interaction"; the same construction as Rasch DIF
//! with anchored persons), applied to topics instead of items. It answers the subscore question
//! at group level, where the literature finds topic information usable and per-person subscores
//! not (Haberman 2008; Haberman, Sinharay & Puhan 2009, "Reporting subscores for institutions",
//! *BJMSP* 62; Sinharay 2010). The EAP prior for θ̂₋ₜ(p) is N(μ_g, 1) with μ_g the mean overall
//! EAP of p's own group, not N(0, 1): shrinking towards the organisation's mean would make
//! predictions for able groups too low and for weak groups too high, and δ would inherit the
//! group's overall level (Kelley's regression towards the *group's* mean, as in augmented
//! subscores, Wainer et al. 2001).
//!
//! **Absolute (the group's topic level vs the organisation's)** — "is this department weak in
//! topic T?". The group's level on the topic is built from person abilities:
//!
//! > L_gt = ō_gt + δ̂_gt,  ō_gt = mean of θ̂₋ₜ(p) over the cell's people,
//!
//! the group's mean ability from everything but topic t plus the relative statistic's shift on
//! t. Under the model θ_pt = θ_p + d_gt (person p's ability, shifted on the topic for everyone
//! in the group), δ̂ estimates the topic's shift from the people's predictions θ̂₋ₜ(p), and ō
//! adds the level those predictions stand for, so L estimates the group's mean ability on the
//! topic. Using each person's *overall* EAP for the mean instead would count the topic's own
//! answers in both parts: a topic one logit weak, with a twelfth of the answers, would come out
//! about a twelfth of a logit weaker still (the part–whole bias again). A common shift of all
//! predictions (such as a different prior mean) moves ō and δ̂ in opposite directions and
//! leaves L almost unchanged.
//!
//! *Whom the level speaks of.* By default ([`Scope::People`]) L is the mean ability on the topic
//! of the cell's own people, L = (1/n) Σₚ θₚₜ — a finite population. HR asks whether *these*
//! people need a workshop on the topic (the workshop is for them), not whether the population
//! the department's staff were drawn from would. Linearising δ̂'s estimating equation,
//! sₚ(δ) ≈ Iₚ (θ̃ₚ − θ̂₋ₜ(p) − δ) with θ̃ₚ what p's answers on t alone say and Iₚ their information,
//! gives
//!
//! > L̂ ≈ Σₚ wₚ θ̃ₚ + Σₚ (1/n − wₚ) θ̂₋ₜ(p),  wₚ = Iₚ/I,
//!
//! so L̂ − L ≈ Σₚ wₚ (θ̃ₚ − θₚₜ) + Σₚ (1/n − wₚ)(θ̂₋ₜ(p) − θₚ): the weights sum to 1 and 1/n − wₚ
//! to 0, so the people's abilities and the group's shift on the topic drop out and only
//! measurement error is left. People answer independently, and one person's answers on t and on
//! the other topics are independent given their ability, so
//!
//! > Var(L̂ − L) = Σₚ [wₚ²/Iₚ + (1/n − wₚ)² vₚ] = 1/I + Σₚ (1/n − wₚ)² vₚ
//!
//! with vₚ the error variance of θ̂₋ₜ(p), taken as its posterior variance in the normal
//! approximation, 1/(Jₚ + 1/σ²), Jₚ the information of p's answers on the other topics (the Bayes
//! risk, so it covers the EAP's shrinkage as well as its noise). The adaptive test gives people
//! similar information per topic, so wₚ ≈ 1/n and the variance is close to the model-based 1/I.
//! Which people the department has does not enter: they are what is measured. A trend then
//! compares each cycle's own people.
//!
//! *Population SE* ([`Scope::Population`]): the mean of the population the cell's people stand
//! for. L̂ is the solution of stacked estimating equations, one term per person — Σₚ (θ̂₋ₜ(p) − ō)
//! = 0 and Σₚ sₚ(δ) = 0, sₚ the score of p's answers on the topic at θ̂₋ₜ(p) + δ — so its
//! sandwich variance (Huber 1967; Stefanski & Boos 2002, "The calculus of M-estimation",
//! *Am. Stat.* 56) is Σₚ ψₚ² with the influence of person p
//!
//! > ψₚ = (θ̂₋ₜ(p) − ō)/n + sₚ(δ̂)/I,  I = ΣIᵢ(θ̂₋ₜ + δ̂) over the cell's answers,
//!
//! times n/(n − 1) (the small-sample factor CR1 of cluster-robust variances; Cameron & Miller
//! 2015, "A practitioner's guide to cluster-robust inference", *J. Hum. Resour.* 50). People are
//! the independent units (clusters, Liang & Zeger 1986), so this accounts for both sources of
//! error without a model for either: which people the department happens to have (the spread
//! of θ̂₋ₜ) and the measurement error of the topic's few answers and of each prediction (the
//! scores: where θ̂₋ₜ(p) is too high, p's answers on t come out below it). In expectation
//! Var(L̂) ≈ σ²/n + 1/I for within-group SD σ; the first term is why a department of 30 has an
//! SE of at least ≈ 0.18 logit however many items it answers. The variance is never taken below
//! the model-based 1/I (a cell of one person, or of only right answers, has scores near 0).
//!
//! *Reference.* The organisation's level on the topic is the people-weighted mean of the
//! groups' levels at the report's depth, R_t = Σ_r w_r L̂_rt with w_r = n_r/N, or a fixed
//! standard ([`Reference::Standard`]) when the organisation sets one. The organisation contains
//! the group, so the difference is (1 − w_g) L̂_g − Σ_{r≠g} w_r L̂_r, and since the groups'
//! people are disjoint (independent levels)
//!
//! > Var(L̂_g − R_t) = (1 − w_g)² V_g + Σ_{r≠g} w_r² V_r.
//!
//! Against a standard the variance is V_g. A department that is weak overall is weak absolutely
//! in every topic, yet may have no relative gap; the two are shown side by side, labelled. (The
//! earlier estimator treated the group as one examinee on the topic's answers; a group of people
//! who differ, fitted so, lands off its mean ability, and its intervals covered 91 % in
//! simulation where this one covers 94.4 %; see the README.)
//!
//! # Flags
//! A cell is flagged weak when (1) its 95 % interval lies wholly below the reference (0 for the
//! relative statistic, the organisation or standard for the absolute) and (2) the one-sided
//! p-value survives the Benjamini–Hochberg procedure across all shown cells of the report
//! (Benjamini & Hochberg 1995), separately for the two statistics: at false discovery rate
//! [`Config::fdr`] for the relative and [`Config::absolute_fdr`] for the absolute one. The
//! defaults (0.20 for both) are the operating point chosen by simulation (`tests/hr_sim.rs`,
//! table in the README): a false flag costs one workshop, a miss leaves a unit untrained. With
//! ~100 cells, flagging at an uncorrected 5 % would flag ~5 sound cells per report. For the
//! absolute statistic at 30 people, 0.20 rather than 0.10 raises recall from 0.70 to 0.83 for
//! precision 0.91 → 0.86, and 99 % of its flags are on people truly below the organisation; a
//! looser rate gains nothing more, since the interval must still lie wholly below the reference.
//!
//! # Readable translation
//! Each topic gets a *typical item*: the answer-weighted median a, b and c of the topic's items
//! answered in the cycle. Levels are translated into the expected share right on that item
//! (P_typical(L)), and differences into a word [`Band`].
//!
//! # Privacy
//! A cell with fewer than [`Config::min_people`] distinct people is [`Cell::Suppressed`], and so is
//! any further cell needed so that subtracting shown groups from their parent cannot reveal a
//! suppressed one (see `suppress.rs`). `Cell::Suppressed` carries no numbers at all.
//!
//! # Cost
//! Answers are sorted by person once. Each person's overall EAP and twelve leave-topic-out EAPs
//! come from products of a per-item table of P and Q on a 49-node grid, with prefix and suffix
//! products over topics, so no exponential is taken per person (see `ability.rs`; the log domain
//! is kept for the rare person whose likelihoods would underflow). Only the relative δ needs
//! repeated passes over answers (Fisher
//! scoring, all cells at once, usually 4–6 passes), and a pass takes no exponential per answer:
//! e^{−a(θ̂₋ₜ + δ − b)} is the answer's fixed e^{−a(θ̂₋ₜ − b)}, computed once, times
//! e^{−a·δ}, computed once per (cell, item) and pass. Persons are split into a fixed number of
//! chunks summed in order, so results do not depend on the thread count. One last pass at the
//! fitted shifts collects each person's score per topic for the absolute level's variance.

mod ability;
pub mod drill;
mod fit;
mod input;
pub mod publish;
pub mod summary;
mod suppress;

use std::ops::Range;

use rayon::prelude::*;

use crate::irt::ItemParams;

use ability::{ItemTable, NODES, Scratch, log_domain};
pub use input::{Answer, Group, GroupTree, InputError, ReportItem, Responses, ResponsesBuilder};

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;
/// Differences smaller than this (logits) are described as "no clear difference" when not flagged.
const NOTABLE: f64 = 0.3;

/// What the report is computed for.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Depth in the department tree of the groups shown: 1 = the first path segment.
    pub level: usize,
    /// Cells with fewer distinct people are suppressed (default 5).
    pub min_people: usize,
    /// False discovery rate for the relative weak flags (default 0.20).
    pub fdr: f64,
    /// What the absolute statistic compares with.
    pub reference: Reference,
    /// SD of the within-group ability prior for the leave-topic-out EAPs (default 1).
    pub prior_sd: f64,
    /// False discovery rate for the absolute weak flags (default 0.20).
    pub absolute_fdr: f64,
    /// Whom the absolute level speaks of: the cell's own people (default) or the population
    /// they stand for.
    pub scope: Scope,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            level: 1,
            min_people: 5,
            fdr: 0.20,
            reference: Reference::Organisation,
            prior_sd: 1.0,
            absolute_fdr: 0.20,
            scope: Scope::People,
        }
    }
}

/// The estimand of the absolute level (see the module docs, "Whom the level speaks of").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The mean ability on the topic of the people in the cell: "are *these* people weak on
    /// this topic?" (a finite population). The SE counts only the measurement error of their
    /// answers.
    People,
    /// The mean ability on the topic of the population the cell's people are a sample of: the
    /// SE adds which people the department happens to have (at least σ/√n).
    Population,
}

/// The reference level of the absolute statistic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reference {
    /// The organisation's own level on the same topic, this cycle.
    Organisation,
    /// A fixed standard on the θ scale, the same for every topic.
    Standard(f64),
}

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    fn around(estimate: f64, se: f64) -> Interval {
        Interval {
            low: estimate - Z95 * se,
            high: estimate + Z95 * se,
        }
    }
}

/// A level on the θ scale.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Level {
    pub theta: f64,
    pub se: f64,
    pub interval: Interval,
    /// Expected share right on the topic's typical item at this level.
    pub share_typical: f64,
}

/// A difference from a reference (logits), tested one-sided for "below".
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub difference: f64,
    pub se: f64,
    pub interval: Interval,
    /// One-sided p-value for "below the reference".
    pub p_value: f64,
    /// Interval below the reference and kept by Benjamini–Hochberg.
    pub weak: bool,
    pub band: Band,
}

/// A difference in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Band {
    /// Flagged: the interval is wholly below and the cell survives the correction for many
    /// comparisons.
    ClearlyBelow,
    /// The interval is wholly below, but the correction does not keep the cell.
    Below,
    /// The interval contains the reference; the estimate is notably below.
    PossiblyBelow,
    NoClearDifference,
    PossiblyAbove,
    ClearlyAbove,
}

impl Band {
    pub fn words(self) -> &'static str {
        match self {
            Band::ClearlyBelow => "clearly below",
            Band::Below => "below (not kept by the correction for many comparisons)",
            Band::PossiblyBelow => "possibly below (uncertain)",
            Band::NoClearDifference => "no clear difference",
            Band::PossiblyAbove => "possibly above (uncertain)",
            Band::ClearlyAbove => "clearly above",
        }
    }
}

/// What a shown cell says.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CellStats {
    /// Distinct people with at least one answer in the topic.
    pub people: usize,
    pub answers: usize,
    /// Secondary information only: confounded by which items the test chose.
    pub raw_share_correct: f64,
    /// The group's level on the topic, L_gt = ō + δ̂ (mean θ̂₋ₜ plus δ_gt), with its SE for
    /// [`Config::scope`]: what the absolute statistic compares.
    pub level: Level,
    /// ABSOLUTE: level against the organisation's level on the topic (or the standard).
    pub absolute: Comparison,
    /// RELATIVE: the topic against the group's own level from the other topics (δ_gt).
    pub relative: Comparison,
    /// Expected share right on the typical item at the group's own level (mean θ̂₋ₜ) …
    pub share_own_level: f64,
    /// … and at that level shifted by δ_gt: the gap between the two is the relative gap in shares.
    pub share_topic: f64,
    /// The group's own level (mean θ̂₋ₜ over its people), the base of the relative statistic.
    pub own_level: f64,
}

/// One group × topic cell. A suppressed cell holds no numbers, so none can leak.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Cell {
    Suppressed,
    Published(CellStats),
}

impl Cell {
    pub fn stats(&self) -> Option<&CellStats> {
        match self {
            Cell::Suppressed => None,
            Cell::Published(stats) => Some(stats),
        }
    }
}

/// One group at the chosen level, a cell per topic.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupRow {
    pub path: String,
    pub cells: Vec<Cell>,
}

/// The organisation's figures for one topic.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicSummary {
    pub people: usize,
    pub answers: usize,
    pub raw_share_correct: f64,
    /// The whole organisation's level on the topic, ō + δ̂ over all its people (the absolute
    /// reference is instead the people-weighted mean of the shown groups' levels).
    pub level: Level,
    /// The organisation's relative topic effect δ_t (0 if the bank's calibration population
    /// behaves like this cycle's people).
    pub relative: f64,
    pub relative_se: f64,
    #[serde(skip)]
    pub typical_item: ItemParams,
}

/// The report of one cycle at one level.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub level: usize,
    pub min_people: usize,
    /// False discovery rates of the relative and the absolute flags.
    pub fdr: f64,
    pub absolute_fdr: f64,
    /// Groups at `level`, sorted by path.
    pub groups: Vec<GroupRow>,
    /// Per topic; `None` when the whole organisation has fewer than `min_people` people in it.
    pub organisation: Vec<Option<TopicSummary>>,
}

/// Change of a cell since an earlier cycle (items are on one anchored scale, so levels compare).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Trend {
    /// Change of the group's topic level L_gt.
    pub level: Difference,
    /// Change of the relative effect δ_gt.
    pub relative: Difference,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Difference {
    pub difference: f64,
    /// √(SE_now² + SE_before²): the two cycles' measurement errors are independent.
    pub se: f64,
    pub interval: Interval,
}

impl Difference {
    fn between(now: f64, now_se: f64, before: f64, before_se: f64) -> Difference {
        let difference = now - before;
        let se = now_se.hypot(before_se);
        Difference {
            difference,
            se,
            interval: Interval::around(difference, se),
        }
    }
}

/// The change from `previous` to `current` for one cell; `None` unless both are shown.
pub fn trend(current: &Cell, previous: &Cell) -> Option<Trend> {
    let (now, before) = (current.stats()?, previous.stats()?);
    Some(Trend {
        level: Difference::between(
            now.level.theta,
            now.level.se,
            before.level.theta,
            before.level.se,
        ),
        relative: Difference::between(
            now.relative.difference,
            now.relative.se,
            before.relative.difference,
            before.relative.se,
        ),
    })
}

impl Report {
    /// A level interval on `topic` translated into expected shares right on the topic's typical
    /// item, (P_typical(low), P_typical(high)) ; `None` when the organisation has no figures for
    /// the topic (no typical item).
    pub fn level_shares(&self, topic: usize, interval: &Interval) -> Option<(f64, f64)> {
        let org = self.organisation.get(topic)?.as_ref()?;
        Some((
            org.typical_item.p(interval.low),
            org.typical_item.p(interval.high),
        ))
    }

    /// Trends against an earlier cycle's report, matched by group path and topic index:
    /// `(path, topic, trend)` for every cell shown in both.
    pub fn trends(&self, previous: &Report) -> Vec<(String, usize, Trend)> {
        let mut out = Vec::new();
        for row in &self.groups {
            let Some(before) = previous.groups.iter().find(|r| r.path == row.path) else {
                continue;
            };
            for (t, (now, then)) in row.cells.iter().zip(&before.cells).enumerate() {
                if let Some(trend) = trend(now, then) {
                    out.push((row.path.clone(), t, trend));
                }
            }
        }
        out
    }
}

/// Answers of one person, by item, in person order: bit 31 holds "correct".
struct ByPerson {
    starts: Vec<usize>,
    packed: Vec<u32>,
}

impl ByPerson {
    fn new(responses: &Responses) -> ByPerson {
        let n = responses.people.len();
        let mut starts = vec![0usize; n + 1];
        for a in &responses.answers {
            starts[a.person as usize + 1] += 1;
        }
        for p in 0..n {
            starts[p + 1] += starts[p];
        }
        let mut fill = starts.clone();
        let mut packed = vec![0u32; responses.answers.len()];
        for a in &responses.answers {
            let slot = &mut fill[a.person as usize];
            packed[*slot] = a.item | (u32::from(a.correct) << 31);
            *slot += 1;
        }
        ByPerson { starts, packed }
    }

    fn of(&self, person: usize) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.packed[self.range(person)].iter().map(|&x| unpack(x))
    }

    /// Positions of `person`'s answers in person order.
    fn range(&self, person: usize) -> Range<usize> {
        self.starts[person]..self.starts[person + 1]
    }
}

fn unpack(x: u32) -> (u32, bool) {
    (x & 0x7fff_ffff, x >> 31 == 1)
}

/// Run `f` over `0..n` in a fixed number of chunks on rayon's pool; results in chunk order. The
/// chunks depend on `n` alone, so sums over them do not depend on the number of threads.
fn parallel<T: Send>(n: usize, f: impl Fn(Range<usize>) -> T + Sync + Send) -> Vec<T> {
    const CHUNKS: usize = 32;
    let size = n.div_ceil(CHUNKS).max(1);
    let ranges: Vec<Range<usize>> = (0..n).step_by(size).map(|s| s..(s + size).min(n)).collect();
    ranges.into_par_iter().map(f).collect()
}

/// Compute the report of one cycle. See the module docs for what each number means.
pub fn report(responses: &Responses, config: &Config) -> Report {
    let n_topics = responses.n_topics;
    let n_people = responses.people.len();
    let n_items = responses.items.len();
    let tree = &responses.tree;
    let n_groups = tree.groups().len();
    let by_person = ByPerson::new(responses);
    let table = ItemTable::new(&responses.items);
    let item_topic: Vec<usize> = responses.items.iter().map(|i| i.topic).collect();
    let item_params: Vec<ItemParams> = responses.items.iter().map(|i| i.params).collect();

    // Overall EAP under N(0, sd²), for each group's mean ability (the prior mean below).
    let prior_org = ability::normal_prior_density(0.0, config.prior_sd);
    let prior_org_log = ability::normal_prior(0.0, config.prior_sd);
    let theta_full: Vec<f64> = parallel(n_people, |range| {
        let mut scratch = Scratch::new(n_topics);
        range
            .map(|p| {
                scratch
                    .eap_all(&table, by_person.of(p), &prior_org)
                    .unwrap_or_else(|| log_domain::eap_all(&table, by_person.of(p), &prior_org_log))
            })
            .collect::<Vec<_>>()
    })
    .concat();
    let mut subtree_sum = vec![0.0; n_groups];
    let mut subtree_people = vec![0usize; n_groups];
    for (p, &theta) in theta_full.iter().enumerate() {
        let mut g = Some(responses.people[p]);
        while let Some(ix) = g {
            subtree_sum[ix as usize] += theta;
            subtree_people[ix as usize] += 1;
            g = tree.get(ix).parent;
        }
    }
    // The prior mean of a person: the mean of their own group, or of the nearest ancestor with
    // at least `min_people` people, so no one's prior rests mostly on their own answers.
    let prior_mean: Vec<f64> = (0..n_groups)
        .map(|g| {
            let mut ix = g as u32;
            while subtree_people[ix as usize] < config.min_people.max(1) {
                match tree.get(ix).parent {
                    Some(parent) => ix = parent,
                    None => break,
                }
            }
            subtree_sum[ix as usize] / subtree_people[ix as usize].max(1) as f64
        })
        .collect();

    // Leave-topic-out EAPs θ̂₋ₜ(p); NaN where p has no answer in topic t. With them, e^{−a(θ̂₋ₜ − b)}
    // of every answer in person order, for fitting the relative effects below.
    let group_prior: Vec<([f64; NODES], [f64; NODES])> = prior_mean
        .iter()
        .map(|&mean| {
            (
                ability::normal_prior_density(mean, config.prior_sd),
                ability::normal_prior(mean, config.prior_sd),
            )
        })
        .collect();
    let parts = parallel(n_people, |range| {
        let mut scratch = Scratch::new(n_topics);
        let mut thetas = Vec::with_capacity(range.len() * n_topics);
        let answers = by_person.starts[range.start]..by_person.starts[range.end];
        let mut exps = Vec::with_capacity(answers.len());
        for p in range {
            let (prior, prior_log) = &group_prior[responses.people[p] as usize];
            let start = thetas.len();
            let answers = by_person.of(p);
            if !scratch.eap_leave_topic_out(&table, &item_topic, answers, prior, &mut thetas) {
                let answers = by_person.of(p);
                log_domain::eap_leave_topic_out(
                    &table,
                    &item_topic,
                    answers,
                    prior_log,
                    n_topics,
                    &mut thetas,
                );
            }
            let own = &thetas[start..];
            for (item, _) in by_person.of(p) {
                let theta = own[item_topic[item as usize]];
                exps.push(fit::exp_minus_z(&item_params[item as usize], theta));
            }
        }
        (thetas, exps)
    });
    let mut theta_lto = Vec::with_capacity(n_people * n_topics);
    let mut answer_exp = Vec::with_capacity(by_person.packed.len());
    for (thetas, exps) in parts {
        theta_lto.extend_from_slice(&thetas);
        answer_exp.extend_from_slice(&exps);
    }

    // Rows: groups at the chosen depth, sorted by path; row of each person.
    let mut rows: Vec<u32> = (0..n_groups as u32)
        .filter(|&g| tree.get(g).depth == config.level)
        .collect();
    rows.sort_by(|&x, &y| tree.get(x).path.cmp(&tree.get(y).path));
    let mut row_of_group = vec![usize::MAX; n_groups];
    for (r, &g) in rows.iter().enumerate() {
        row_of_group[g as usize] = r;
    }
    let person_row: Vec<Option<usize>> = responses
        .people
        .iter()
        .map(|&g| {
            tree.ancestor_at(g, config.level)
                .map(|a| row_of_group[a as usize])
        })
        .collect();
    let n_rows = rows.len();

    // Counts. Cell (row, topic) and, as "row" n_rows, the organisation.
    let n_cells = (n_rows + 1) * n_topics;
    let cell = |row: Option<usize>, t: usize| row.unwrap_or(n_rows) * n_topics + t;
    let mut people = vec![0usize; n_cells];
    let mut own_sum = vec![0.0; n_cells];
    // Per (row or organisation) × item: answers and right answers, for the absolute levels;
    // counted per row, with people outside every row in the organisation's slots, then summed.
    let mut item_n = vec![0u32; (n_rows + 1) * n_items];
    let mut item_r = vec![0u32; (n_rows + 1) * n_items];
    for (p, row) in person_row.iter().enumerate() {
        let base = row.unwrap_or(n_rows) * n_items;
        for (item, correct) in by_person.of(p) {
            item_n[base + item as usize] += 1;
            item_r[base + item as usize] += u32::from(correct);
        }
    }
    for r in 0..n_rows {
        for i in 0..n_items {
            item_n[n_rows * n_items + i] += item_n[r * n_items + i];
            item_r[n_rows * n_items + i] += item_r[r * n_items + i];
        }
    }
    let mut answers = vec![0usize; n_cells];
    let mut right = vec![0usize; n_cells];
    for r in 0..=n_rows {
        for i in 0..n_items {
            answers[r * n_topics + item_topic[i]] += item_n[r * n_items + i] as usize;
            right[r * n_topics + item_topic[i]] += item_r[r * n_items + i] as usize;
        }
    }
    // Distinct people per (group of the tree, topic), with sub-groups and directly placed.
    let mut tree_people = vec![0usize; n_groups * n_topics];
    let mut tree_direct = vec![0usize; n_groups * n_topics];
    for p in 0..n_people {
        let row = person_row[p];
        for t in 0..n_topics {
            let theta = theta_lto[p * n_topics + t];
            if theta.is_nan() {
                continue;
            }
            for target in [row, None] {
                people[cell(target, t)] += 1;
                own_sum[cell(target, t)] += theta;
                if row.is_none() {
                    break;
                }
            }
            tree_direct[responses.people[p] as usize * n_topics + t] += 1;
            let mut g = Some(responses.people[p]);
            while let Some(ix) = g {
                tree_people[ix as usize * n_topics + t] += 1;
                g = tree.get(ix).parent;
            }
        }
    }

    // Relative effects δ: Fisher scoring for all cells at once, one pass over answers per step.
    // e^{−a(θ̂₋ₜ + δ − b)} = e^{−a(θ̂₋ₜ − b)} · e^{−a·δ}: the first factor is per answer and fixed,
    // the second per (row or organisation) × item, so a pass takes no exponential per answer.
    let factored = item_params.iter().all(|x| x.a() <= fit::MAX_FACTORED_A);
    let mut shift = vec![0.0; n_cells];
    let mut shift_info = vec![0.0; n_cells];
    for _ in 0..fit::MAX_ITERATIONS {
        let factor: Vec<f64> = (0..=n_rows)
            .flat_map(|r| (0..n_items).map(move |i| (r, i)))
            .map(|(r, i)| (-item_params[i].a() * shift[r * n_topics + item_topic[i]]).exp())
            .collect();
        let parts = parallel(n_people, |range| {
            let mut score = vec![0.0; n_cells];
            let mut information = vec![0.0; n_cells];
            for p in range {
                let row = person_row[p];
                for j in by_person.range(p) {
                    let (item, correct) = unpack(by_person.packed[j]);
                    let (i, u) = (item as usize, f64::from(u8::from(correct)));
                    let (t, params) = (item_topic[i], &item_params[i]);
                    for r in row.into_iter().chain([n_rows]) {
                        let c = r * n_topics + t;
                        let (ds, di) = if factored {
                            let e = answer_exp[j] * factor[r * n_items + i];
                            fit::score_information_exp(params.a(), params.c(), e, u)
                        } else {
                            let theta = theta_lto[p * n_topics + t];
                            fit::score_information(params, theta + shift[c], 1.0, u)
                        };
                        score[c] += ds;
                        information[c] += di;
                    }
                }
            }
            (score, information)
        });
        let mut score = vec![0.0; n_cells];
        shift_info = vec![0.0; n_cells];
        for (s, i) in &parts {
            for c in 0..n_cells {
                score[c] += s[c];
                shift_info[c] += i[c];
            }
        }
        let mut largest_step: f64 = 0.0;
        for c in 0..n_cells {
            let next = fit::step(shift[c], score[c], shift_info[c]);
            largest_step = largest_step.max((next - shift[c]).abs());
            shift[c] = next;
        }
        if largest_step < fit::TOLERANCE {
            break;
        }
    }

    // Absolute levels L = ō + δ̂ (mean θ̂₋ₜ of the cell's people plus the cell's shift) and the
    // parts of their variances: one more pass over answers at the fitted shifts, for each
    // person's score and information per (row or organisation) × topic (see `level_variance`
    // and `people_variance`).
    let own_mean: Vec<f64> = (0..n_cells)
        .map(|c| {
            if people[c] > 0 {
                own_sum[c] / people[c] as f64
            } else {
                f64::NAN
            }
        })
        .collect();
    let prior_precision = 1.0 / (config.prior_sd * config.prior_sd);
    let parts = parallel(n_people, |range| {
        let mut sums = LevelSums::new(n_cells);
        // Person p's score and information on topic t against their own row (slot 2t) and the
        // organisation (2t + 1).
        let mut scores = vec![0.0; 2 * n_topics];
        let mut infos = vec![0.0; 2 * n_topics];
        for p in range {
            scores.fill(0.0);
            infos.fill(0.0);
            let row = person_row[p];
            for (item, correct) in by_person.of(p) {
                let (i, u) = (item as usize, f64::from(u8::from(correct)));
                let t = item_topic[i];
                let theta = theta_lto[p * n_topics + t];
                for (slot, r) in [(2 * t, row), (2 * t + 1, Some(n_rows))] {
                    let Some(r) = r else { continue };
                    let c = r * n_topics + t;
                    let (ds, di) =
                        fit::score_information(&item_params[i], theta + shift[c], 1.0, u);
                    scores[slot] += ds;
                    infos[slot] += di;
                }
            }
            // The information of all p's answers, against the row and against the organisation.
            let total = [0, 1].map(|side| (0..n_topics).map(|t| infos[2 * t + side]).sum::<f64>());
            for t in 0..n_topics {
                let theta = theta_lto[p * n_topics + t];
                if theta.is_nan() {
                    continue;
                }
                for (side, r) in [(0, row), (1, Some(n_rows))] {
                    let Some(r) = r else { continue };
                    let (c, slot) = (r * n_topics + t, 2 * t + side);
                    let (deviation, score, info) = (theta - own_mean[c], scores[slot], infos[slot]);
                    sums.deviation2[c] += deviation * deviation;
                    sums.deviation_score[c] += deviation * score;
                    sums.score2[c] += score * score;
                    sums.information[c] += info;
                    // The error variance of θ̂₋ₜ(p): the posterior variance 1/(J + 1/σ²) of its
                    // normal approximation, J the information of p's answers on other topics.
                    let prediction = 1.0 / ((total[side] - info).max(0.0) + prior_precision);
                    sums.prediction[c] += prediction;
                    sums.information_prediction[c] += info * prediction;
                    sums.information2_prediction[c] += info * info * prediction;
                }
            }
        }
        sums
    });
    let mut sums = LevelSums::new(n_cells);
    for part in &parts {
        sums.add(part);
    }
    let absolute_level: Vec<f64> = (0..n_cells).map(|c| own_mean[c] + shift[c]).collect();
    let level_var: Vec<f64> = (0..n_cells)
        .map(|c| match config.scope {
            Scope::People => people_variance(
                people[c],
                sums.information[c],
                sums.prediction[c],
                sums.information_prediction[c],
                sums.information2_prediction[c],
            ),
            Scope::Population => level_variance(
                people[c],
                sums.deviation2[c],
                sums.deviation_score[c],
                sums.score2[c],
                sums.information[c],
            ),
        })
        .collect();

    // The typical item of each topic: answer-weighted medians of a, b and c.
    let org = n_rows;
    let typical: Vec<Option<ItemParams>> = (0..n_topics)
        .map(|t| {
            let weighted: Vec<(ItemParams, u32)> = (0..n_items)
                .filter(|&i| item_topic[i] == t && item_n[org * n_items + i] > 0)
                .map(|i| (item_params[i], item_n[org * n_items + i]))
                .collect();
            let a = weighted_median(weighted.iter().map(|(p, n)| (p.a(), *n)).collect())?;
            let b = weighted_median(weighted.iter().map(|(p, n)| (p.b(), *n)).collect())?;
            let c = weighted_median(weighted.iter().map(|(p, n)| (p.c(), *n)).collect())?;
            ItemParams::new(a, b, c).ok()
        })
        .collect();

    // Suppression over the whole tree, per topic, so every level of the report agrees.
    let mut hidden = vec![false; n_groups * n_topics];
    for t in 0..n_topics {
        let column = |v: &[usize]| {
            (0..n_groups)
                .map(|g| v[g * n_topics + t])
                .collect::<Vec<_>>()
        };
        let h = suppress::suppress(
            tree,
            &column(&tree_people),
            &column(&tree_direct),
            config.min_people,
        );
        for g in 0..n_groups {
            hidden[g * n_topics + t] = h[g];
        }
    }

    let se = |info: f64| {
        if info > 0.0 {
            1.0 / info.sqrt()
        } else {
            f64::INFINITY
        }
    };
    let level_of = |c: usize, typical_item: &ItemParams| {
        let (theta, se) = (absolute_level[c], level_var[c].sqrt());
        Level {
            theta,
            se,
            interval: Interval::around(theta, se),
            share_typical: typical_item.p(theta),
        }
    };
    let organisation: Vec<Option<TopicSummary>> = (0..n_topics)
        .map(|t| {
            let c = org * n_topics + t;
            if people[c] == 0 || hidden[t] {
                return None;
            }
            let typical_item = typical[t]?;
            Some(TopicSummary {
                people: people[c],
                answers: answers[c],
                raw_share_correct: right[c] as f64 / answers[c] as f64,
                level: level_of(c, &typical_item),
                relative: shift[c],
                relative_se: se(shift_info[c]),
                typical_item,
            })
        })
        .collect();

    // Shown cells with their comparisons, before the multiplicity correction.
    struct Pending {
        row: usize,
        t: usize,
        stats: CellStats,
    }
    // The organisation's reference per topic: the people-weighted mean Σ w_r L_r of the
    // departments' levels (w_r = n_r / N), and its variance Σ w_r² V_r, the departments' people
    // being disjoint (see `difference_variance`).
    let mut reference_level = vec![0.0; n_topics];
    let mut reference_var = vec![0.0; n_topics];
    let mut reference_people = vec![0usize; n_topics];
    for r in 0..n_rows {
        for t in 0..n_topics {
            reference_people[t] += people[r * n_topics + t];
        }
    }
    for r in 0..n_rows {
        for t in 0..n_topics {
            let c = r * n_topics + t;
            if people[c] == 0 {
                continue;
            }
            let w = people[c] as f64 / reference_people[t] as f64;
            reference_level[t] += w * absolute_level[c];
            reference_var[t] += w * w * level_var[c];
        }
    }
    let mut pending = Vec::new();
    for (row, &g) in rows.iter().enumerate() {
        for t in 0..n_topics {
            let c = row * n_topics + t;
            let Some(typical_item) = typical[t] else {
                continue;
            };
            if people[c] == 0 || hidden[g as usize * n_topics + t] {
                continue;
            }
            let reference = match config.reference {
                Reference::Organisation => reference_level[t],
                Reference::Standard(value) => value,
            };
            let absolute_var = match config.reference {
                Reference::Organisation => {
                    let w = people[c] as f64 / reference_people[t] as f64;
                    difference_variance(w, level_var[c], reference_var[t])
                }
                Reference::Standard(_) => level_var[c],
            };
            let own = own_mean[c];
            pending.push(Pending {
                row,
                t,
                stats: CellStats {
                    people: people[c],
                    answers: answers[c],
                    raw_share_correct: right[c] as f64 / answers[c] as f64,
                    level: level_of(c, &typical_item),
                    absolute: comparison(absolute_level[c] - reference, absolute_var.sqrt()),
                    relative: comparison(shift[c], se(shift_info[c])),
                    share_own_level: typical_item.p(own),
                    share_topic: typical_item.p(own + shift[c]),
                    own_level: own,
                },
            });
        }
    }
    for absolute in [true, false] {
        let p_values: Vec<f64> = pending
            .iter_mut()
            .map(|x| family(&mut x.stats, absolute).p_value)
            .collect();
        let rate = if absolute {
            config.absolute_fdr
        } else {
            config.fdr
        };
        let kept = fit::benjamini_hochberg(&p_values, rate);
        for (x, kept) in pending.iter_mut().zip(kept) {
            let comparison = family(&mut x.stats, absolute);
            comparison.weak = kept && comparison.interval.high < 0.0;
            comparison.band = band(comparison);
        }
    }
    let mut groups: Vec<GroupRow> = rows
        .iter()
        .map(|&g| GroupRow {
            path: tree.get(g).path.clone(),
            cells: vec![Cell::Suppressed; n_topics],
        })
        .collect();
    for x in pending {
        groups[x.row].cells[x.t] = Cell::Published(x.stats);
    }
    Report {
        level: config.level,
        min_people: config.min_people,
        fdr: config.fdr,
        absolute_fdr: config.absolute_fdr,
        groups,
        organisation,
    }
}

/// Per-cell sums over people behind [`level_variance`] and [`people_variance`] (rows, then the
/// organisation as row `n_rows`): Σ dₚ², Σ dₚ sₚ and Σ sₚ² with dₚ = θ̂₋ₜ(p) − ō and sₚ person
/// p's score on the topic at θ̂₋ₜ(p) + δ̂; the Fisher information I = Σ Iₚ, Iₚ that of p's answers
/// on the topic at θ̂₋ₜ(p) + δ̂; and Σ vₚ, Σ Iₚ vₚ, Σ Iₚ² vₚ with vₚ the error variance of θ̂₋ₜ(p).
struct LevelSums {
    deviation2: Vec<f64>,
    deviation_score: Vec<f64>,
    score2: Vec<f64>,
    information: Vec<f64>,
    prediction: Vec<f64>,
    information_prediction: Vec<f64>,
    information2_prediction: Vec<f64>,
}

impl LevelSums {
    fn new(n_cells: usize) -> LevelSums {
        LevelSums {
            deviation2: vec![0.0; n_cells],
            deviation_score: vec![0.0; n_cells],
            score2: vec![0.0; n_cells],
            information: vec![0.0; n_cells],
            prediction: vec![0.0; n_cells],
            information_prediction: vec![0.0; n_cells],
            information2_prediction: vec![0.0; n_cells],
        }
    }

    fn add(&mut self, other: &LevelSums) {
        for (mine, theirs) in [
            (&mut self.deviation2, &other.deviation2),
            (&mut self.deviation_score, &other.deviation_score),
            (&mut self.score2, &other.score2),
            (&mut self.information, &other.information),
            (&mut self.prediction, &other.prediction),
            (
                &mut self.information_prediction,
                &other.information_prediction,
            ),
            (
                &mut self.information2_prediction,
                &other.information2_prediction,
            ),
        ] {
            for (x, y) in mine.iter_mut().zip(theirs) {
                *x += y;
            }
        }
    }
}

/// Var(L̂) of a cell's absolute level L̂ = ō + δ̂ over its `n` people as an estimate of the
/// population mean ([`Scope::Population`], see the module docs): the person-clustered sandwich
/// Σₚ ψₚ² · n/(n − 1) with influence ψₚ = dₚ/n + sₚ/I, expanded as Σd²/n² + 2Σds/(nI) + Σs²/I²,
/// and never below the model-based 1/I of δ̂ alone (which keeps a cell of one person, or of only
/// right answers, where every score is near 0, from a tiny variance). Infinite without people or
/// information.
fn level_variance(
    n: usize,
    deviation2: f64,
    deviation_score: f64,
    score2: f64,
    information: f64,
) -> f64 {
    if n == 0 || information <= 0.0 || !information.is_finite() {
        return f64::INFINITY;
    }
    let (n, i) = (n as f64, information);
    let sandwich = deviation2 / (n * n) + 2.0 * deviation_score / (n * i) + score2 / (i * i);
    // n/(n − 1): the usual small-sample factor of a cluster-robust variance (CR1).
    let factor = if n > 1.0 { n / (n - 1.0) } else { 1.0 };
    (sandwich * factor).max(1.0 / i)
}

/// Var(L̂ − L) of a cell's absolute level as an estimate of its own people's mean ability on the
/// topic ([`Scope::People`], see the module docs): the measurement error alone,
///
/// > Σₚ [ wₚ²/Iₚ + (1/n − wₚ)² vₚ ] = 1/I + Σv/n² − 2ΣIv/(nI) + ΣI²v/I²,  wₚ = Iₚ/I,
///
/// from `information` I = Σ Iₚ, `prediction` Σ vₚ, `information_prediction` Σ Iₚvₚ and
/// `information2_prediction` Σ Iₚ²vₚ. Infinite without people or information.
fn people_variance(
    n: usize,
    information: f64,
    prediction: f64,
    information_prediction: f64,
    information2_prediction: f64,
) -> f64 {
    if n == 0 || information <= 0.0 || !information.is_finite() {
        return f64::INFINITY;
    }
    let (n, i) = (n as f64, information);
    let predictions = prediction / (n * n) - 2.0 * information_prediction / (n * i)
        + information2_prediction / (i * i);
    // A sum of squares; rounding must not take it below the answers' own 1/I.
    1.0 / i + predictions.max(0.0)
}

/// Var(L̂_g − Σ_r w_r L̂_r) of a group with weight `w` = n_g/N and level variance `own` against
/// the people-weighted mean of all groups, whose variance Σ_r w_r² V_r is `reference`. The
/// groups' people are disjoint, so their levels are independent and the group enters the
/// reference with its own weight: (1 − w)² V_g + Σ_{r≠g} w_r² V_r.
fn difference_variance(w: f64, own: f64, reference: f64) -> f64 {
    ((1.0 - w).powi(2) * own + (reference - w * w * own).max(0.0)).max(0.0)
}

/// The absolute or the relative comparison of a cell.
fn family(stats: &mut CellStats, absolute: bool) -> &mut Comparison {
    if absolute {
        &mut stats.absolute
    } else {
        &mut stats.relative
    }
}

fn comparison(difference: f64, se: f64) -> Comparison {
    let interval = if se > 0.0 && se.is_finite() {
        Interval::around(difference, se)
    } else {
        Interval {
            low: f64::NEG_INFINITY,
            high: f64::INFINITY,
        }
    };
    let mut out = Comparison {
        difference,
        se,
        interval,
        p_value: fit::p_below(difference, se),
        weak: false,
        band: Band::NoClearDifference,
    };
    out.band = band(&out);
    out
}

/// The word of a comparison: never more than its interval shows (see `summary.rs`).
fn band(c: &Comparison) -> Band {
    if c.weak {
        Band::ClearlyBelow
    } else if c.interval.high < 0.0 {
        Band::Below
    } else if c.interval.low > 0.0 {
        Band::ClearlyAbove
    } else if c.difference <= -NOTABLE {
        Band::PossiblyBelow
    } else if c.difference >= NOTABLE {
        Band::PossiblyAbove
    } else {
        Band::NoClearDifference
    }
}

/// The lower weighted median of `(value, weight)`; `None` when there is nothing to weigh.
fn weighted_median(mut values: Vec<(f64, u32)>) -> Option<f64> {
    let total: u64 = values.iter().map(|&(_, w)| u64::from(w)).sum();
    if total == 0 {
        return None;
    }
    values.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut seen = 0u64;
    for (value, weight) in values {
        seen += u64::from(weight);
        if 2 * seen >= total {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests;

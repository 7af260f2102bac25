//! The state of one adaptive test.

use rand::Rng;

use super::{Pool, Rules, StopReason, estimate, select, start, stop};
use crate::irt::{Estimate, Posterior};

/// One caseworker's test in progress: what was shown, what was answered, the current estimate.
///
/// The session holds no reference to its pool or rules; every call takes them, so a session can
/// be stored and resumed freely. The same pool and rules must be passed throughout.
///
/// Lifecycle: [`Session::next`] picks an item and keeps it *pending* (asking again returns the
/// same item, so a reload never changes the question); [`Session::answer`] accepts an answer to
/// exactly the pending item. Once the test has stopped it accepts no answer at all.
#[derive(Debug, Clone)]
pub struct Session {
    answered: Vec<(usize, bool)>,
    pending: Option<usize>,
    /// Items this test may no longer use: excluded up front, already shown, enemies of shown
    /// items, or turned down by the Sympson–Hetter lottery.
    blocked: Vec<bool>,
    /// Per topic: items shown (answered or pending).
    topic_counts: Vec<usize>,
    /// Per topic: items not blocked.
    available: Vec<usize>,
    posterior: Posterior,
    estimate: Estimate,
    finished: Option<StopReason>,
    rejected: Vec<usize>,
}

/// What comes next in a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Show this item (its index in the pool).
    Item(usize),
    /// The test is over.
    Finished(StopReason),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the test has ended ({0:?}); no more answers are accepted")]
    Finished(StopReason),
    #[error("item {got} is not the item being asked (expected {expected:?})")]
    NotPending { expected: Option<usize>, got: usize },
}

impl Session {
    /// A new test. `excluded` are pool indexes this candidate must not see (e.g. items seen in
    /// earlier cycles); out-of-range indexes are ignored.
    pub fn new(pool: &Pool, rules: &Rules, excluded: &[usize]) -> Session {
        let mut session = Session {
            answered: Vec::new(),
            pending: None,
            blocked: vec![false; pool.len()],
            topic_counts: vec![0; pool.n_topics()],
            available: pool.topic_sizes().to_vec(),
            posterior: Posterior::new(rules.prior),
            estimate: start::initial_estimate(rules),
            finished: None,
            rejected: Vec::new(),
        };
        for &ix in excluded {
            if ix < pool.len() {
                session.block(pool, ix);
            }
        }
        session
    }

    /// Rebuild a test from its stored history: the answers in order, then the item pending, if
    /// any. Answers are replayed as given (they were accepted once) and the stop rule is applied
    /// afterwards, so a history stays readable even if the rules have changed since.
    ///
    /// `rng_at(step)` gives the random source the test used to choose the item of `step` (the
    /// index into `answered`, then `answered.len()` for the pending item). With it each choice
    /// is made again, and where it picks the item that was shown, the items the Sympson–Hetter
    /// lottery turned down on the way are blocked again, as they were in the session that made
    /// the choice. Without that a rebuilt session would offer them again at the next step, and
    /// an item with a low exposure target would get a fresh lottery at every position. Where the
    /// choice differs (the bank or the rules changed since), the item is shown as stored.
    pub fn resume<R: Rng>(
        pool: &Pool,
        rules: &Rules,
        excluded: &[usize],
        answered: &[(usize, bool)],
        pending: Option<usize>,
        mut rng_at: impl FnMut(usize) -> R,
    ) -> Session {
        let mut session = Session::new(pool, rules, excluded);
        let answered = answered.iter().filter(|(ix, _)| *ix < pool.len());
        for (step, &(ix, correct)) in answered.enumerate() {
            session.replay_choice(pool, rules, ix, &mut rng_at(step));
            session.record(pool, rules, ix, correct);
        }
        session.finished = stop::check(&session, pool, rules);
        if let (None, Some(ix)) = (session.finished, pending.filter(|&ix| ix < pool.len())) {
            let step = session.answered.len();
            session.replay_choice(pool, rules, ix, &mut rng_at(step));
        }
        session
    }

    /// Show `ix` as the next item of a session being rebuilt, first making the choice again to
    /// recover the lottery's rejections (see [`Session::resume`]).
    fn replay_choice(&mut self, pool: &Pool, rules: &Rules, ix: usize, rng: &mut impl Rng) {
        if stop::check(self, pool, rules).is_none()
            && let Some(selection) = select::next_item(pool, rules, self, rng)
            && selection.item == ix
        {
            for rejected in selection.rejected {
                self.block(pool, rejected);
                self.rejected.push(rejected);
            }
        }
        self.administer(pool, ix);
    }

    /// The item to show now: the pending one if there is one, otherwise a newly selected item,
    /// or the end of the test.
    pub fn next(&mut self, pool: &Pool, rules: &Rules, rng: &mut impl Rng) -> Next {
        if let Some(reason) = self.finished {
            return Next::Finished(reason);
        }
        if let Some(ix) = self.pending {
            return Next::Item(ix);
        }
        if let Some(reason) = stop::check(self, pool, rules) {
            self.finished = Some(reason);
            return Next::Finished(reason);
        }
        match select::next_item(pool, rules, self, rng) {
            Some(selection) => {
                for ix in selection.rejected {
                    self.block(pool, ix);
                    self.rejected.push(ix);
                }
                self.administer(pool, selection.item);
                Next::Item(selection.item)
            }
            None => {
                self.finished = Some(StopReason::BankExhausted);
                Next::Finished(StopReason::BankExhausted)
            }
        }
    }

    /// Record the answer to the pending item, update the estimate and decide whether the test
    /// has ended.
    pub fn answer(
        &mut self,
        pool: &Pool,
        rules: &Rules,
        item: usize,
        correct: bool,
    ) -> Result<(), AnswerError> {
        if let Some(reason) = self.finished {
            return Err(AnswerError::Finished(reason));
        }
        if self.pending != Some(item) {
            return Err(AnswerError::NotPending {
                expected: self.pending,
                got: item,
            });
        }
        self.record(pool, rules, item, correct);
        self.finished = stop::check(self, pool, rules);
        Ok(())
    }

    pub fn estimate(&self) -> Estimate {
        self.estimate
    }

    /// Answers so far, in order: (pool index, correct).
    pub fn answered(&self) -> &[(usize, bool)] {
        &self.answered
    }

    pub fn n_answered(&self) -> usize {
        self.answered.len()
    }

    /// Items shown so far, including the pending one.
    pub fn n_administered(&self) -> usize {
        self.answered.len() + usize::from(self.pending.is_some())
    }

    pub fn pending(&self) -> Option<usize> {
        self.pending
    }

    pub fn finished(&self) -> Option<StopReason> {
        self.finished
    }

    /// Items shown per topic (answered or pending).
    pub fn topic_counts(&self) -> &[usize] {
        &self.topic_counts
    }

    /// Whether the item may still be shown in this test.
    pub fn is_blocked(&self, ix: usize) -> bool {
        self.blocked[ix]
    }

    /// Items the Sympson–Hetter lottery turned down in this test (for exposure calibration).
    pub fn rejected(&self) -> &[usize] {
        &self.rejected
    }

    /// How many more items the blueprint minimums need, counting per topic only what the
    /// remaining items of that topic can still supply.
    pub fn topic_deficit(&self, pool: &Pool, rules: &Rules) -> usize {
        (0..self.topic_counts.len())
            .map(|t| self.topic_shortfall(pool, rules, t))
            .sum()
    }

    /// Items topic `t` still needs to reach its minimum, limited to what it can still supply.
    pub fn topic_shortfall(&self, pool: &Pool, rules: &Rules, t: usize) -> usize {
        let needed = rules
            .blueprint
            .topic(t)
            .min
            .saturating_sub(self.topic_counts[t]);
        if needed == 0 {
            0
        } else {
            needed.min(self.capacity(pool, t, &[]))
        }
    }

    /// How many more items topic `t` can still supply if the items in `without` are also
    /// removed: its unblocked items, less those that enemies within the topic rule out (a greedy
    /// independent set, so never more than can really be given).
    pub fn capacity(&self, pool: &Pool, t: usize, without: &[usize]) -> usize {
        if !pool.topic_has_enemies(t) {
            return self.available[t]
                - without
                    .iter()
                    .filter(|&&ix| pool.item(ix).topic == t && !self.blocked[ix])
                    .count();
        }
        let mut taken: Vec<usize> = Vec::new();
        for (ix, item) in pool.items().iter().enumerate() {
            if item.topic == t
                && !self.blocked[ix]
                && !without.contains(&ix)
                && !item.enemies.iter().any(|e| taken.contains(e))
            {
                taken.push(ix);
            }
        }
        taken.len()
    }

    fn block(&mut self, pool: &Pool, ix: usize) {
        if !self.blocked[ix] {
            self.blocked[ix] = true;
            self.available[pool.item(ix).topic] -= 1;
        }
    }

    fn administer(&mut self, pool: &Pool, ix: usize) {
        let item = pool.item(ix);
        self.block(pool, ix);
        for &enemy in &item.enemies {
            self.block(pool, enemy);
        }
        self.topic_counts[item.topic] += 1;
        self.pending = Some(ix);
    }

    fn record(&mut self, pool: &Pool, rules: &Rules, ix: usize, correct: bool) {
        self.posterior.update_tabulated(pool.table(ix), correct);
        self.answered.push((ix, correct));
        self.pending = None;
        self.estimate = estimate::update(pool, rules, &self.posterior, &self.answered);
    }
}

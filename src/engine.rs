//! The live engine: the item bank prepared for adaptive tests exactly as the server runs them.
//!
//! [`Engine::new`] is the one place that turns a loaded [`ItemBank`] and the configured exposure
//! control into a pool and rules: the active items with their enemies, the bank's blueprint and
//! SE target, EAP under N(0, 1), and exposure control (the bank's `exposure.csv`
//! Sympson–Hetter, randomesque or none). [`Engine::choose`] is the one place that decides what a
//! test shows at a position: a seeded pretest item, or the adaptive choice drawn with the test's
//! seed for that position. Live tests (`crate::app::TestTaking`) and `forvalt simulate --bank`
//! ([`crate::simulate::live_test`]) both build on these two, so a simulation study runs the
//! engine caseworkers meet.
//!
//! Like the core, this does no I/O and reads no clock: what is stored (a test's history, the
//! items of the previous cycle, the pretest answer counts) comes in as arguments.

use std::collections::{BTreeMap, HashMap};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::bank::{Item, ItemBank, ItemId, Status};
use crate::cat::{Exposure, Next, Pool, Rules, Session, StopReason};
use crate::irt::Estimate;
use crate::store::{AnsweredItem, PendingRecord};

/// The live engine: the bank, its pool of active items and the rules live tests run under.

#[derive(Debug)]
pub struct Engine {
    bank: ItemBank,
    pool: Pool,
    /// Pool index → index into `bank.items`.
    pool_items: Vec<usize>,
    /// Item id → pool index.
    by_id: HashMap<ItemId, usize>,
    rules: Rules,
    /// Bank indexes of the `pretest` items, in id order.
    pretest: Vec<usize>,
}

/// What a test shows at a position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Choice<'a> {
    /// An item, and whether it is an unscored pretest item.
    Item { item: &'a Item, pretest: bool },
    /// The test is over, with its final estimate.
    Finished(StopReason, Estimate),
}

/// Separates the pretest draws of a test from its item-selection draws.
const PRETEST_STREAM: u64 = 0x7072_6574_6573_7421;

impl Engine {
    /// The engine live tests run: the active items (with their enemies) as the pool, and the
    /// bank's rules with `exposure`, or the bank's own exposure control when `None`
    /// ([`ItemBank::live_exposure`]: Sympson–Hetter from `exposure.csv`, else randomesque).
    /// `exposure` is the server's `exposure` setting (`crate::app::Config::exposure`).
    pub fn new(bank: ItemBank, exposure: Option<Exposure>) -> Engine {
        let (pool, pool_items) = bank.pool(Status::Active);
        let by_id = pool_items
            .iter()
            .enumerate()
            .map(|(ix, &item)| (bank.items[item].id.clone(), ix))
            .collect();
        let exposure = exposure.unwrap_or_else(|| bank.live_exposure(&pool_items));
        let rules = bank.rules(exposure);
        let pretest = (0..bank.items.len())
            .filter(|&i| bank.items[i].status == Status::Pretest)
            .collect();
        Engine {
            bank,
            pool,
            pool_items,
            by_id,
            rules,
            pretest,
        }
    }

    pub fn bank(&self) -> &ItemBank {
        &self.bank
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The same engine under other rules: a what-if that deviates from the live engine (used by
    /// `forvalt simulate --bank` when a flag overrides the configured engine). The rules must fit
    /// the pool (one blueprint range per topic, one Sympson–Hetter K per pool item).
    pub fn with_rules(self, rules: Rules) -> Engine {
        Engine { rules, ..self }
    }

    /// The bank item at a pool index.
    pub fn item(&self, pool_ix: usize) -> &Item {
        &self.bank.items[self.pool_items[pool_ix]]
    }

    /// The pool index of an active item: by its [`ItemId`], or by the text a stored answer
    /// gives (the store keeps ids as strings).
    pub fn pool_index(&self, item_id: &(impl AsRef<str> + ?Sized)) -> Option<usize> {
        self.by_id.get(item_id.as_ref()).copied()
    }

    /// The positions at which a test shows a pretest item: `pretest_per_test` distinct random
    /// positions in 1..min_items, drawn from the test's seed. Before `min_items` every test
    /// reaches them (the stop rule counts scored answers only); position 0 stays scored.
    fn pretest_positions(&self, seed: u64) -> Vec<u32> {
        let rules = &self.bank.test;
        let mut rng = StdRng::seed_from_u64(seed ^ PRETEST_STREAM);
        let mut positions: Vec<u32> = (1..rules.min_items as u32).collect();
        positions.shuffle(&mut rng);
        positions.truncate(rules.pretest_per_test.min(self.pretest.len()));
        positions.sort_unstable();
        positions
    }

    /// The pretest items in the order a test offers them (a shuffle seeded by the test).
    fn pretest_order(&self, seed: u64) -> Vec<&Item> {
        let mut rng = StdRng::seed_from_u64(seed ^ PRETEST_STREAM.rotate_left(17));
        let mut order = self.pretest.clone();
        order.shuffle(&mut rng);
        order.into_iter().map(|i| &self.bank.items[i]).collect()
    }

    /// Rebuild a test's session (its `seed`) from its stored history. Pretest answers and items
    /// no longer in the active pool are left out of the replay (their answers stay stored).
    /// Each choice is made again with the random source of its position, so the items the
    /// Sympson–Hetter lottery turned down stay blocked, as in an unbroken session.
    pub fn replay(
        &self,
        seed: u64,
        excluded_ids: &[String],
        answers: &[AnsweredItem],
        pending: Option<&PendingRecord>,
    ) -> Session {
        let excluded: Vec<usize> = excluded_ids
            .iter()
            .filter_map(|id| self.pool_index(id))
            .collect();
        let (positions, answered): (Vec<u32>, Vec<(usize, bool)>) = answers
            .iter()
            .filter(|r| !r.pretest)
            .filter_map(|r| {
                let ix = self.pool_index(&r.item_id)?;
                Some((r.position, (ix, r.correct)))
            })
            .unzip();
        let pending = pending.filter(|p| !p.pretest).and_then(|p| {
            let ix = self.pool_index(&p.item_id)?;
            Some((p.position, ix))
        });
        let rng_at = |step: usize| {
            let position = positions
                .get(step)
                .copied()
                .or(pending.map(|(position, _)| position))
                .unwrap_or(u32::MAX);
            Engine::rng(seed, position)
        };
        Session::resume(
            &self.pool,
            &self.rules,
            &excluded,
            &answered,
            pending.map(|(_, ix)| ix),
            rng_at,
        )
    }

    /// The random source for choosing the item at `position` of a test: the same test and
    /// position always give the same choice.
    fn rng(seed: u64, position: u32) -> StdRng {
        StdRng::seed_from_u64(seed ^ u64::from(position).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    /// What `test` (its seed) shows at `position`: at one of the test's pretest positions the
    /// first pretest item in the test's order that is not `seen` in this test nor `excluded`
    /// (items of the previous cycle) and still short of its answer target, otherwise the adaptive
    /// choice of `session` (the test's history replayed by [`Engine::replay`]).
    ///
    /// `pretest_counts` gives the stored answer count per pretest item; it is asked for only at
    /// pretest positions (live tests read it from the store then, a simulation passes its own).
    pub fn choose<E>(
        &self,
        seed: u64,
        position: u32,
        session: &mut Session,
        seen: &[&str],
        excluded: &[String],
        pretest_counts: impl FnOnce() -> Result<BTreeMap<String, u64>, E>,
    ) -> Result<Choice<'_>, E> {
        if self.pretest_positions(seed).contains(&position) {
            let target = self.bank.test.pretest_target as u64;
            let counts = pretest_counts()?;
            let item = self.pretest_order(seed).into_iter().find(|item| {
                !seen.contains(&item.id.as_str())
                    && !excluded.iter().any(|e| *e == item.id)
                    && counts.get(item.id.as_str()).copied().unwrap_or(0) < target
            });
            if let Some(item) = item {
                return Ok(Choice::Item {
                    item,
                    pretest: true,
                });
            }
        }
        let mut rng = Engine::rng(seed, position);
        Ok(match session.next(&self.pool, &self.rules, &mut rng) {
            Next::Item(ix) => Choice::Item {
                item: self.item(ix),
                pretest: false,
            },
            Next::Finished(reason) => Choice::Finished(reason, session.estimate()),
        })
    }
}

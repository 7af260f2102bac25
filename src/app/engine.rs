//! The item bank prepared for live tests: pool, rules, and the bridge between stored records
//! (item ids and versions) and the core's pool indexes.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::bank::{Item, ItemBank, Status};
use crate::cat::{Exposure, Pool, Rules, Session};
use crate::store::{AnsweredItem, PendingRecord};

#[derive(Debug)]
pub struct Engine {
    bank: ItemBank,
    pool: Pool,
    /// Pool index → index into `bank.items`.
    pool_items: Vec<usize>,
    /// Item id → pool index.
    by_id: HashMap<String, usize>,
    rules: Rules,
    /// Bank indexes of the `pretest` items, in id order.
    pretest: Vec<usize>,
}

/// Separates the pretest draws of a test from its item-selection draws.
const PRETEST_STREAM: u64 = 0x7072_6574_6573_7421;

impl Engine {
    /// Live tests draw from the active items.
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

    /// The bank item at a pool index.
    pub fn item(&self, pool_ix: usize) -> &Item {
        &self.bank.items[self.pool_items[pool_ix]]
    }

    pub fn pool_index(&self, item_id: &str) -> Option<usize> {
        self.by_id.get(item_id).copied()
    }

    /// The positions at which a test shows a pretest item: `pretest_per_test` distinct random
    /// positions in 1..min_items, drawn from the test's seed. Before `min_items` every test
    /// reaches them (the stop rule counts scored answers only); position 0 stays scored.
    pub fn pretest_positions(&self, seed: u64) -> Vec<u32> {
        let rules = &self.bank.test;
        let mut rng = StdRng::seed_from_u64(seed ^ PRETEST_STREAM);
        let mut positions: Vec<u32> = (1..rules.min_items as u32).collect();
        positions.shuffle(&mut rng);
        positions.truncate(rules.pretest_per_test.min(self.pretest.len()));
        positions.sort_unstable();
        positions
    }

    /// The pretest items in the order a test offers them (a shuffle seeded by the test).
    pub fn pretest_order(&self, seed: u64) -> Vec<&Item> {
        let mut rng = StdRng::seed_from_u64(seed ^ PRETEST_STREAM.rotate_left(17));
        let mut order = self.pretest.clone();
        order.shuffle(&mut rng);
        order.into_iter().map(|i| &self.bank.items[i]).collect()
    }

    /// Rebuild a test's session from its stored history. Pretest answers and items no longer in
    /// the active pool are left out of the replay (their answers stay stored).
    pub fn replay(
        &self,
        excluded_ids: &[String],
        answers: &[AnsweredItem],
        pending: Option<&PendingRecord>,
    ) -> Session {
        let excluded: Vec<usize> = excluded_ids
            .iter()
            .filter_map(|id| self.pool_index(id))
            .collect();
        let answered: Vec<(usize, bool)> = answers
            .iter()
            .filter(|r| !r.pretest)
            .filter_map(|r| self.pool_index(&r.item_id).map(|ix| (ix, r.correct)))
            .collect();
        let pending = pending
            .filter(|p| !p.pretest)
            .and_then(|p| self.pool_index(&p.item_id));
        Session::resume(&self.pool, &self.rules, &excluded, &answered, pending)
    }

    /// The random source for choosing the item at `position` of a test: the same test and
    /// position always give the same choice.
    pub fn rng(seed: u64, position: u32) -> StdRng {
        StdRng::seed_from_u64(seed ^ u64::from(position).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
}

//! The item bank prepared for live tests: pool, rules, and the bridge between stored records
//! (item ids and versions) and the core's pool indexes.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::bank::{Item, ItemBank, Status};
use crate::cat::{Exposure, Pool, Rules, Session};
use crate::store::{PendingRecord, ResponseRecord};

#[derive(Debug)]
pub struct Engine {
    bank: ItemBank,
    pool: Pool,
    /// Pool index → index into `bank.items`.
    pool_items: Vec<usize>,
    /// Item id → pool index.
    by_id: HashMap<String, usize>,
    rules: Rules,
}

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
        Engine {
            bank,
            pool,
            pool_items,
            by_id,
            rules,
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

    /// Rebuild a test's session from its stored history. Items no longer in the active pool are
    /// left out of the replay (their answers stay stored).
    pub fn replay(
        &self,
        excluded_ids: &[String],
        answers: &[ResponseRecord],
        pending: Option<&PendingRecord>,
    ) -> Session {
        let excluded: Vec<usize> = excluded_ids
            .iter()
            .filter_map(|id| self.pool_index(id))
            .collect();
        let answered: Vec<(usize, bool)> = answers
            .iter()
            .filter_map(|r| self.pool_index(&r.item_id).map(|ix| (ix, r.correct)))
            .collect();
        let pending = pending.and_then(|p| self.pool_index(&p.item_id));
        Session::resume(&self.pool, &self.rules, &excluded, &answered, pending)
    }

    /// The random source for choosing the item at `position` of a test: the same test and
    /// position always give the same choice.
    pub fn rng(seed: u64, position: u32) -> StdRng {
        StdRng::seed_from_u64(seed ^ u64::from(position).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
}

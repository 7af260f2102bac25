//! The author area's item statistics, computed once and kept in memory.
//!
//! Computing [`super::authoring::item_statistics`] reads every stored answer and takes seconds at
//! a real agency (`cargo bench --bench author`), so the pages show a [`Snapshot`]: the
//! statistics, the bank they were computed for, when, and how many answers they cover.
//!
//! Invariants:
//! - A snapshot is only shown with the bank it was computed for. The author pages read the bank
//!   from its folder on every request (a calibration accept or a law apply shows at once), so
//!   an item's parameters, status, review date or law flags can change between two views, and
//!   the pages pair items with statistics by position. A snapshot whose bank differs from the
//!   one on disk now (any item field, the topics, the test rules or the law changes) is never
//!   served: the view computes afresh.
//! - The numbers and the flags of a snapshot come from one computation (the flags depend on the
//!   bank and the date; both are part of the snapshot).
//! - At most one computation runs at a time, in the whole process. Views that need a
//!   computation while one runs wait for it (and use its result when it is for their bank and
//!   scope) instead of starting their own.
//!
//! Freshness: a snapshot for the right bank is *stale* once it is older than
//! [`CacheSettings::max_age`], when at least [`CacheSettings::refresh_answers`] answers have
//! been stored (or removed) since, or when the date has changed. A stale snapshot is still shown
//! — it is labelled with its time and answer count — while one background thread computes its
//! replacement. Only a view that finds no snapshot for its scope and bank computes while the
//! author waits: a «beregnes» page would leave the CSV download and the item page with nothing
//! to show, and the wait happens once per scope and bank. `forvalt serve` starts computing the
//! all-cycles scope at start-up ([`super::Authoring::warm_author_statistics`]), so the usual first
//! view finds it ready or waits for that computation.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;

use super::authoring::{BankStatistics, Scope};
use crate::bank::ItemBank;

/// When cached statistics are recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSettings {
    /// A snapshot older than this is recomputed in the background.
    pub max_age: Duration,
    /// A snapshot is recomputed in the background once the number of stored answers differs
    /// from the number when it was computed by at least this many.
    pub refresh_answers: u64,
}

impl Default for CacheSettings {
    fn default() -> CacheSettings {
        CacheSettings {
            max_age: Duration::from_secs(15 * 60),
            refresh_answers: 1_000,
        }
    }
}

/// Item statistics as computed at one moment, for one bank and scope.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub statistics: BankStatistics,
    /// The bank the statistics were computed for; `statistics.items` follows `bank.items`.
    pub bank: Arc<ItemBank>,
    pub scope: Scope,
    /// The date the flags were computed for (review overdue).
    pub today: Date,
    pub computed_at: Timestamp,
    /// Answers in scope that the statistics cover.
    pub answers: usize,
    /// Every stored answer (any scope) counted just before the answers were read.
    pub stored_answers: u64,
}

impl Snapshot {
    /// Whether this snapshot was computed for `bank` (the fields the statistics and the flags
    /// depend on, item by item and in order).
    pub fn is_for(&self, bank: &ItemBank) -> bool {
        let ours = &*self.bank;
        ours.items == bank.items
            && ours.topics == bank.topics
            && ours.test == bank.test
            && ours.law_changes == bank.law_changes
    }

    fn is_stale(
        &self,
        settings: &CacheSettings,
        now: Timestamp,
        today: Date,
        stored_answers: u64,
    ) -> bool {
        let age = now.duration_since(self.computed_at);
        let max_age =
            jiff::SignedDuration::try_from(settings.max_age).unwrap_or(jiff::SignedDuration::MAX);
        age >= max_age
            || self.today != today
            || stored_answers.abs_diff(self.stored_answers) >= settings.refresh_answers
    }
}

/// What a view gets: the snapshot to show, and whether a newer one is being computed.
#[derive(Debug, Clone)]
pub struct Cached {
    pub snapshot: Arc<Snapshot>,
    pub refreshing: bool,
}

/// One computation's inputs.
#[derive(Debug, Clone)]
pub struct Request {
    pub bank: Arc<ItemBank>,
    pub scope: Scope,
    pub today: Date,
    pub now: Timestamp,
    /// Stored answers now (O(1): [`crate::store::Store::gauges`]).
    pub stored_answers: u64,
}

/// The cache: the newest snapshot per scope, and whether a computation is running.
#[derive(Debug)]
pub struct StatsCache {
    settings: CacheSettings,
    state: Mutex<State>,
    /// Signalled whenever a computation ends.
    done: Condvar,
    computations: AtomicU64,
}

#[derive(Debug, Default)]
struct State {
    snapshots: HashMap<Scope, Arc<Snapshot>>,
    computing: bool,
}

/// What a computation returns: the statistics, the answers in scope they cover, and the stored
/// answers counted before reading.
pub type Computed<E> = Result<(BankStatistics, usize, u64), E>;

impl StatsCache {
    pub fn new(settings: CacheSettings) -> StatsCache {
        StatsCache {
            settings,
            state: Mutex::new(State::default()),
            done: Condvar::new(),
            computations: AtomicU64::new(0),
        }
    }

    pub fn settings(&self) -> CacheSettings {
        self.settings
    }

    /// Computations started since the cache was made (for tests and `/metrics`-style checks).
    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::SeqCst)
    }

    /// Block until no computation is running.
    pub fn wait_idle(&self) {
        let mut state = self.lock();
        while state.computing {
            state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The statistics for `request`: a snapshot for its bank and scope if there is one (starting
    /// a background refresh through `spawn` when it is stale), else computed now with `compute`
    /// (or taken from a computation that was already running for the same bank and scope).
    ///
    /// `compute` runs without the lock held; `spawn` gets a job to run on another thread, which
    /// calls `compute` and stores the result.
    pub fn get<E>(
        self: &Arc<Self>,
        request: &Request,
        compute: impl Fn(&Request) -> Computed<E> + Send + Sync + Clone + 'static,
        spawn: impl FnOnce(Box<dyn FnOnce() + Send>),
    ) -> Result<Cached, E>
    where
        E: std::fmt::Display + 'static,
    {
        let mut state = self.lock();
        loop {
            if let Some(snapshot) = state.snapshots.get(&request.scope).cloned()
                && snapshot.is_for(&request.bank)
            {
                let stale = snapshot.is_stale(
                    &self.settings,
                    request.now,
                    request.today,
                    request.stored_answers,
                );
                if stale && !state.computing {
                    state.computing = true;
                    drop(state);
                    let cache = self.clone();
                    let request = request.clone();
                    spawn(Box::new(move || {
                        if let Err(e) = cache.compute_and_store(&request, &compute) {
                            tracing::warn!(error = %e, "refreshing the item statistics failed");
                        }
                    }));
                    return Ok(Cached {
                        snapshot,
                        refreshing: true,
                    });
                }
                return Ok(Cached {
                    snapshot,
                    refreshing: stale,
                });
            }
            if !state.computing {
                break;
            }
            // Someone computes: perhaps exactly what we need. Look again when it is done.
            state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.computing = true;
        drop(state);
        let snapshot = self.compute_and_store(request, &compute)?;
        Ok(Cached {
            snapshot,
            refreshing: false,
        })
    }

    /// Run one computation (the caller has set `computing`), store it, and wake the waiters —
    /// also when it fails or panics.
    fn compute_and_store<E>(
        &self,
        request: &Request,
        compute: &impl Fn(&Request) -> Computed<E>,
    ) -> Result<Arc<Snapshot>, E> {
        struct Finish<'a>(&'a StatsCache);
        impl Drop for Finish<'_> {
            fn drop(&mut self) {
                self.0.lock().computing = false;
                self.0.done.notify_all();
            }
        }
        let _finish = Finish(self);
        self.computations.fetch_add(1, Ordering::SeqCst);
        let (statistics, answers, stored_answers) = compute(request)?;
        let snapshot = Arc::new(Snapshot {
            statistics,
            bank: request.bank.clone(),
            scope: request.scope,
            today: request.today,
            computed_at: request.now,
            answers,
            stored_answers,
        });
        self.lock()
            .snapshots
            .insert(request.scope, snapshot.clone());
        Ok(snapshot)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn request(stored_answers: u64) -> Request {
        let today = jiff::civil::date(2026, 11, 23);
        let bank = crate::bank::load(Path::new("tests/fixtures/bank"), today)
            .bank
            .expect("the fixture bank loads");
        Request {
            bank: Arc::new(bank),
            scope: Scope::default(),
            today,
            now: Timestamp::UNIX_EPOCH,
            stored_answers,
        }
    }

    fn empty(bank: &ItemBank, today: Date) -> BankStatistics {
        super::super::authoring::item_statistics(bank, &[], today, 5)
    }

    #[test]
    fn a_failed_computation_is_reported_and_the_next_view_tries_again() {
        let cache = Arc::new(StatsCache::new(CacheSettings::default()));
        let fail = |_: &Request| -> Computed<String> { Err("disk on fire".into()) };
        let inline = |job: Box<dyn FnOnce() + Send>| job();
        let err = cache.get(&request(0), fail, inline).unwrap_err();
        assert_eq!(err, "disk on fire");
        let ok = |r: &Request| -> Computed<String> { Ok((empty(&r.bank, r.today), 0, 0)) };
        let view = cache.get(&request(0), ok, inline).unwrap();
        assert!(!view.refreshing);
        assert_eq!(cache.computations(), 2);
    }

    #[test]
    fn a_failed_refresh_keeps_the_snapshot_and_a_panicking_one_does_not_block_the_cache() {
        let cache = Arc::new(StatsCache::new(CacheSettings {
            max_age: Duration::from_secs(60),
            refresh_answers: 10,
        }));
        let inline = |job: Box<dyn FnOnce() + Send>| job();
        let ok = |r: &Request| -> Computed<String> {
            Ok((empty(&r.bank, r.today), 0, r.stored_answers))
        };
        let first = cache.get(&request(0), ok, inline).unwrap();
        // Ten new answers: stale; the refresh (run inline here) fails, the snapshot stays.
        let fail = |_: &Request| -> Computed<String> { Err("disk on fire".into()) };
        let stale = cache.get(&request(10), fail, inline).unwrap();
        assert!(stale.refreshing && Arc::ptr_eq(&stale.snapshot, &first.snapshot));
        assert_eq!(cache.computations(), 2);
        // A refresh that panics on its thread still clears the running mark.
        let panics = |_: &Request| -> Computed<String> { panic!("bug in the statistics") };
        let on_thread = |job: Box<dyn FnOnce() + Send>| {
            assert!(std::thread::spawn(job).join().is_err());
        };
        let stale = cache.get(&request(10), panics, on_thread).unwrap();
        assert!(stale.refreshing);
        cache.wait_idle();
        // The next stale view starts a refresh that succeeds.
        let refreshed = cache.get(&request(10), ok, inline).unwrap();
        assert!(refreshed.refreshing);
        let fresh = cache.get(&request(10), ok, inline).unwrap();
        assert!(!fresh.refreshing && fresh.snapshot.stored_answers == 10);
        assert_eq!(cache.computations(), 4);
    }
}

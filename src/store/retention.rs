//! Retention (GDPR data minimisation): for cycles older than the N most recent, remove what ties
//! answers to a person, keep what reports and calibration need.
//!
//! For every test of such a cycle, atomically:
//! - the link to the user goes: `TestRecord::user_id` becomes [`ANONYMISED_USER`] and the
//!   (user, cycle) index entry is deleted; the department path the user had is written into
//!   `TestRecord::department`, so department reports of the cycle stay as they were;
//! - timestamps finer than the cycle go: `started_at`, `finished.at` and every response's
//!   `answered_at` become the cycle's opening day (00:00 UTC);
//! - the pending item of an unfinished test is deleted (it can no longer be answered).
//!
//! Kept: the test (an anonymous person within the cycle) with its seed, stop reason and final
//! θ and SE; every response with item id, item version, option, correctness and response time;
//! item versions; cycles, users (the current roster is managed with `forvalt users`), the audit
//! log. Expired login sessions are deleted whatever the cycle. Running it again changes nothing.
//! Tests are handled in batches of [`BATCH`] per transaction, each test within one.

use jiff::Timestamp;
use redb::{ReadableTable, WriteTransaction};

use super::{
    ANONYMISED_USER, CycleRecord, LOGIN_SESSIONS, LoginSessionRecord, PENDING, RESPONSES,
    ResponseRecord, Store, StoreError, TEST_BY_USER_CYCLE, TESTS, TestRecord, USERS, UserRecord,
    decode, encode,
};

/// What a retention run did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RetentionSummary {
    /// The cycles older than the kept ones, oldest first.
    pub old_cycles: Vec<CycleRecord>,
    /// Tests whose link to a user was removed.
    pub tests_unlinked: usize,
    /// Tests and responses whose timestamps were coarsened.
    pub timestamps_coarsened: usize,
    /// Pending items of unfinished old tests removed.
    pub pending_removed: usize,
    /// Expired login sessions removed.
    pub sessions_removed: usize,
    pub dry_run: bool,
}

/// The ids of the cycles to anonymise: all but the `keep` most recent, by opening date (then
/// id), the same order the reports and the previous-cycle item exclusion use.
pub fn cycles_to_anonymise(cycles: &[CycleRecord], keep: usize) -> Vec<u64> {
    let mut sorted: Vec<&CycleRecord> = cycles.iter().collect();
    sorted.sort_by_key(|c| std::cmp::Reverse((c.opens, c.id)));
    let mut old: Vec<u64> = sorted.iter().skip(keep).map(|c| c.id).collect();
    old.sort_unstable();
    old
}

/// Whether a retention run changes the file or only reports what it would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionRun {
    Apply,
    /// Every batch is computed in its transaction and then rolled back.
    DryRun,
}

/// Tests handled per write transaction: answers being stored meanwhile wait for one batch
/// (a few milliseconds), not for the whole run. Each test is handled entirely within one batch,
/// so an interrupted run leaves every test either done or untouched, and the next run (which
/// skips what is done) completes it.
const BATCH: usize = 100;

impl Store {
    /// Apply retention keeping the `keep` most recent cycles (at least 1). A
    /// [`RetentionRun::DryRun`] computes every batch in its transaction and then rolls it back.
    pub fn apply_retention(
        &self,
        keep: usize,
        now: Timestamp,
        run: RetentionRun,
    ) -> Result<RetentionSummary, StoreError> {
        self.apply_retention_in_batches(keep, now, run, BATCH)
    }

    /// [`Store::apply_retention`] with another batch size. For tests of the batching.
    #[doc(hidden)]
    pub fn apply_retention_in_batches(
        &self,
        keep: usize,
        now: Timestamp,
        run: RetentionRun,
        batch: usize,
    ) -> Result<RetentionSummary, StoreError> {
        let dry_run = run == RetentionRun::DryRun;
        if keep == 0 {
            return Err(StoreError::Conflict(
                "retention must keep at least the most recent cycle".into(),
            ));
        }
        let cycles = self.cycles()?;
        let old = cycles_to_anonymise(&cycles, keep);
        let mut summary = RetentionSummary {
            old_cycles: cycles
                .iter()
                .filter(|c| old.contains(&c.id))
                .cloned()
                .collect(),
            dry_run,
            ..RetentionSummary::default()
        };
        summary.old_cycles.sort_by_key(|c| (c.opens, c.id));
        let ids: Vec<u64> = self
            .tests()?
            .into_iter()
            .filter(|t| old.contains(&t.cycle_id))
            .map(|t| t.id)
            .collect();
        let old_cycles = summary.old_cycles.clone();
        let db = self.db()?;
        for batch in ids.chunks(batch.max(1)) {
            let txn = db.begin_write()?;
            for id in batch {
                retain_test(&txn, *id, &old_cycles, &mut summary)?;
            }
            finish(txn, dry_run)?;
        }
        let txn = db.begin_write()?;
        summary.sessions_removed = remove_expired_sessions(&txn, now)?;
        finish(txn, dry_run)?;
        Ok(summary)
    }
}

fn finish(txn: WriteTransaction, dry_run: bool) -> Result<(), StoreError> {
    if dry_run {
        txn.abort()?;
    } else {
        txn.commit()?;
    }
    Ok(())
}

/// Unlink one test of an old cycle, coarsen its timestamps and drop its pending item.
fn retain_test(
    txn: &WriteTransaction,
    id: u64,
    old_cycles: &[CycleRecord],
    summary: &mut RetentionSummary,
) -> Result<(), StoreError> {
    let Some(mut test) = txn
        .open_table(TESTS)?
        .get(id)?
        .map(|v| decode::<TestRecord>("test", v.value()))
        .transpose()?
    else {
        return Ok(());
    };
    let Some(cycle) = old_cycles.iter().find(|c| c.id == test.cycle_id) else {
        return Ok(());
    };
    let coarse = cycle_start(cycle);
    let mut changed = false;
    if test.user_id != ANONYMISED_USER {
        let department = txn
            .open_table(USERS)?
            .get(test.user_id)?
            .map(|v| decode::<UserRecord>("user", v.value()))
            .transpose()?
            .map(|u| u.department)
            .unwrap_or_default();
        txn.open_table(TEST_BY_USER_CYCLE)?
            .remove((test.user_id, test.cycle_id))?;
        test.user_id = ANONYMISED_USER;
        test.department = Some(department);
        summary.tests_unlinked += 1;
        changed = true;
    }
    let finished_fine = test.finished.as_ref().is_some_and(|f| f.at != coarse);
    if test.started_at != coarse || finished_fine {
        test.started_at = coarse;
        if let Some(f) = test.finished.as_mut() {
            f.at = coarse;
        }
        summary.timestamps_coarsened += 1;
        changed = true;
    }
    if changed {
        txn.open_table(TESTS)?
            .insert(test.id, encode(&test).as_slice())?;
    }
    if txn.open_table(PENDING)?.remove(test.id)?.is_some() {
        summary.pending_removed += 1;
    }
    let mut responses = txn.open_table(RESPONSES)?;
    let mut rewrite: Vec<ResponseRecord> = Vec::new();
    for entry in responses.range((test.id, 0)..=(test.id, u32::MAX))? {
        let (_, value) = entry?;
        let response: ResponseRecord = decode("response", value.value())?;
        if response.answered_at != coarse {
            rewrite.push(ResponseRecord {
                answered_at: coarse,
                ..response
            });
        }
    }
    for response in rewrite {
        responses.insert(
            (response.test_id, response.position),
            encode(&response).as_slice(),
        )?;
        summary.timestamps_coarsened += 1;
    }
    Ok(())
}

/// Delete every login session that has expired.
fn remove_expired_sessions(txn: &WriteTransaction, now: Timestamp) -> Result<usize, StoreError> {
    let mut sessions = txn.open_table(LOGIN_SESSIONS)?;
    let mut expired: Vec<String> = Vec::new();
    for entry in sessions.iter()? {
        let (key, value) = entry?;
        let session: LoginSessionRecord = decode("login session", value.value())?;
        if session.expires_at <= now {
            expired.push(key.value().to_string());
        }
    }
    for key in &expired {
        sessions.remove(key.as_str())?;
    }
    Ok(expired.len())
}

/// The opening day of a cycle at 00:00 UTC: the finest time kept for an old cycle.
fn cycle_start(cycle: &CycleRecord) -> Timestamp {
    cycle
        .opens
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

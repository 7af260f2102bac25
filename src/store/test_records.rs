//! Tests, the pending item, responses and item versions.
//!
//! An answer and what follows it (the next pending item, or the end of the test) are written in
//! one transaction, after checking that the answer is for the position that is pending: a double
//! submit or a stale form can never store a second answer. The write is a single function
//! ([`Store::record_answer`]) so that concurrent answers share one commit ([`super::commit`]).

use std::collections::BTreeMap;

use jiff::Timestamp;
use redb::{ReadTransaction, ReadableTable, WriteTransaction};

use super::{
    AnsweredItem, CYCLES, CycleRecord, FinishedRecord, ITEM_VERSIONS, ItemVersionRecord, PENDING,
    PRETEST_COUNTS, PendingRecord, RESPONSES, ResponseRecord, Store, StoreError,
    TEST_BY_USER_CYCLE, TESTS, TestId, TestRecord, UserId, all, decode, encode, next_id,
};

/// Everything an answer or a page view needs to know about one test, read in one transaction
/// (so the parts agree with each other).
#[derive(Debug, Clone, PartialEq)]
pub struct TestState {
    pub test: TestRecord,
    /// The answers in position order.
    pub answers: Vec<AnsweredItem>,
    /// The item shown and waiting for its answer, with the text shown for its version.
    pub pending: Option<(PendingRecord, ItemVersionRecord)>,
    /// The items of the same caseworker's test in the previous cycle (the latest cycle opening
    /// before this test's cycle in which they have a test), answered or pending: this test
    /// must not show them again.
    pub previous_items: Vec<String>,
}

/// What comes after an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum NextWrite {
    /// Show this item next (with the text shown, stored once per version).
    Pending(PendingRecord, ItemVersionRecord),
    /// The test is over.
    Finished(FinishedRecord),
}

/// One answer and its consequence, written atomically.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerWrite {
    pub response: ResponseRecord,
    pub next: NextWrite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    Stored,
    /// Nothing was written: the position is not the pending one (already answered, or the test
    /// is finished).
    Stale,
}

impl Store {
    /// The test of `user` in `cycle`, created with `seed` if there is none yet.
    pub fn test_for_or_create(
        &self,
        user: super::UserId,
        cycle: super::CycleId,
        seed: u64,
        now: Timestamp,
    ) -> Result<TestRecord, StoreError> {
        let (user_id, cycle_id) = (user.0, cycle.0);
        // Through the committer: at a deadline many caseworkers start at once.
        self.committer.run(move |txn| {
            let existing = txn
                .open_table(TEST_BY_USER_CYCLE)?
                .get((user_id, cycle_id))?
                .map(|v| v.value());
            if let Some(id) = existing {
                return get_test(txn, id);
            }
            // Read before any write, so a refused start writes nothing in the shared batch.
            let department = super::people::get_user(txn, user_id)?.department;
            let test = TestRecord {
                id: next_id(txn, "tests")?,
                user_id,
                cycle_id,
                seed,
                started_at: now,
                finished: None,
                department: Some(department),
            };
            txn.open_table(TESTS)?
                .insert(test.id, encode(&test).as_slice())?;
            txn.open_table(TEST_BY_USER_CYCLE)?
                .insert((user_id, cycle_id), test.id)?;
            Ok(test)
        })
    }

    pub fn test(&self, id: TestId) -> Result<Option<TestRecord>, StoreError> {
        self.read(|txn| {
            txn.open_table(TESTS)?
                .get(id.0)?
                .map(|v| decode("test", v.value()))
                .transpose()
        })
    }

    pub fn tests(&self) -> Result<Vec<TestRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(TESTS)?, "test"))
    }

    /// The tests of one user, in id order. Reads only this user's tests (through the
    /// (user, cycle) index): it runs on every answer, so it must not scan all tests.
    pub fn tests_of_user(&self, user_id: UserId) -> Result<Vec<TestRecord>, StoreError> {
        let user_id = user_id.0;
        self.read(|txn| {
            let index = txn.open_table(TEST_BY_USER_CYCLE)?;
            let tests = txn.open_table(TESTS)?;
            let mut out = Vec::new();
            for entry in index.range((user_id, 0)..=(user_id, u64::MAX))? {
                let (_, id) = entry?;
                if let Some(value) = tests.get(id.value())? {
                    out.push(decode::<TestRecord>("test", value.value())?);
                }
            }
            out.sort_by_key(|t| t.id);
            Ok(out)
        })
    }

    /// The answers of a test in position order, and the pending item.
    pub fn history(
        &self,
        test_id: TestId,
    ) -> Result<(Vec<ResponseRecord>, Option<PendingRecord>), StoreError> {
        self.read(|txn| read_history(txn, test_id.0))
    }

    /// A test with its history, pending item and the items of the previous cycle, or `None` if
    /// there is no such test.
    pub fn test_state(&self, test_id: TestId) -> Result<Option<TestState>, StoreError> {
        self.read(|txn| {
            let tests = txn.open_table(TESTS)?;
            let Some(test) = tests.get(test_id.0)? else {
                return Ok(None);
            };
            let test: TestRecord = decode("test", test.value())?;
            let (answers, pending) = read_history(txn, test_id.0)?;
            let pending = match pending {
                Some(p) => {
                    let shown = txn
                        .open_table(ITEM_VERSIONS)?
                        .get(p.shown_version())?
                        .map(|v| decode::<ItemVersionRecord>("item version", v.value()))
                        .transpose()?
                        .ok_or_else(|| {
                            StoreError::Conflict(format!(
                                "test {test_id}: item version {} is not stored",
                                p.shown_version()
                            ))
                        })?;
                    Some((p, shown))
                }
                None => None,
            };
            let previous_items = match previous_test(txn, &test)? {
                Some(previous) => {
                    let (answers, pending) = read_history::<AnsweredItem>(txn, previous)?;
                    answers
                        .into_iter()
                        .map(|r| r.item_id)
                        .chain(pending.map(|p| p.item_id))
                        .collect()
                }
                None => Vec::new(),
            };
            Ok(Some(TestState {
                test,
                answers,
                pending,
                previous_items,
            }))
        })
    }

    /// Make `pending` the item shown, unless the test already has a pending item or is finished
    /// (then the stored state wins and is returned).
    pub fn set_pending(
        &self,
        test_id: TestId,
        pending: PendingRecord,
        shown: ItemVersionRecord,
    ) -> Result<Option<PendingRecord>, StoreError> {
        self.committer.run(move |txn| {
            if get_test(txn, test_id.0)?.finished.is_some() {
                return Ok(None);
            }
            let mut table = txn.open_table(PENDING)?;
            if let Some(existing) = table.get(test_id.0)? {
                return Ok(Some(decode("pending", existing.value())?));
            }
            table.insert(test_id.0, encode(&pending).as_slice())?;
            put_item_version(txn, &shown)?;
            Ok(Some(pending))
        })
    }

    /// Mark a test finished without a new answer (e.g. the bank ran out before any item).
    pub fn finish_test(&self, test_id: TestId, finished: FinishedRecord) -> Result<(), StoreError> {
        self.committer.run(move |txn| {
            let mut test = get_test(txn, test_id.0)?;
            if test.finished.is_none() {
                test.finished = Some(finished);
                txn.open_table(TESTS)?
                    .insert(test_id.0, encode(&test).as_slice())?;
                txn.open_table(PENDING)?.remove(test_id.0)?;
            }
            Ok(())
        })
    }

    /// Store an answer and what follows it, if the answer is for the pending position.
    ///
    /// Concurrent calls share one durable transaction ([`super::commit`]); the call returns
    /// once the transaction holding this answer is committed.
    pub fn record_answer(&self, write: &AnswerWrite) -> Result<AnswerOutcome, StoreError> {
        self.committer.submit(write.clone())
    }

    pub fn item_version(&self, version: &str) -> Result<Option<ItemVersionRecord>, StoreError> {
        self.read(|txn| {
            txn.open_table(ITEM_VERSIONS)?
                .get(version)?
                .map(|v| decode("item version", v.value()))
                .transpose()
        })
    }

    /// Stored answers per pretest item (items without any are absent). Reads the small
    /// [`PRETEST_COUNTS`] table, one row per item ever pretested, not the responses.
    pub fn pretest_counts(&self) -> Result<BTreeMap<String, u64>, StoreError> {
        self.read(|txn| {
            let mut out = BTreeMap::new();
            for entry in txn.open_table(PRETEST_COUNTS)?.iter()? {
                let (item_id, n) = entry?;
                out.insert(item_id.value().to_string(), n.value());
            }
            Ok(out)
        })
    }

    /// Every response of every test, in (test, position) order.
    pub fn all_responses(&self) -> Result<Vec<ResponseRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(RESPONSES)?, "response"))
    }
}

type History<T> = (Vec<T>, Option<PendingRecord>);

/// The answers of a test (as `ResponseRecord` or `AnsweredItem`) and its pending item.
fn read_history<T: serde::de::DeserializeOwned>(
    txn: &ReadTransaction,
    test_id: u64,
) -> Result<History<T>, StoreError> {
    let responses = txn.open_table(RESPONSES)?;
    let mut answers = Vec::new();
    for entry in responses.range((test_id, 0)..=(test_id, u32::MAX))? {
        let (_, value) = entry?;
        answers.push(decode("response", value.value())?);
    }
    let pending = txn
        .open_table(PENDING)?
        .get(test_id)?
        .map(|v| decode("pending", v.value()))
        .transpose()?;
    Ok((answers, pending))
}

/// The caseworker's test in the latest cycle that opens before `test`'s cycle, if any. Reads
/// only this user's tests (through the (user, cycle) index) and the cycles.
fn previous_test(txn: &ReadTransaction, test: &TestRecord) -> Result<Option<u64>, StoreError> {
    if test.user_id == super::ANONYMISED_USER {
        return Ok(None);
    }
    let cycles: Vec<CycleRecord> = all(&txn.open_table(CYCLES)?, "cycle")?;
    let opens = |id: u64| cycles.iter().find(|c| c.id == id).map(|c| c.opens);
    let Some(this_opens) = opens(test.cycle_id) else {
        return Ok(None);
    };
    let index = txn.open_table(TEST_BY_USER_CYCLE)?;
    let mut previous = None;
    for entry in index.range((test.user_id, 0)..=(test.user_id, u64::MAX))? {
        let (key, id) = entry?;
        let (cycle_id, id) = (key.value().1, id.value());
        if id == test.id {
            continue;
        }
        if let Some(o) = opens(cycle_id).filter(|&o| o < this_opens)
            && previous.is_none_or(|(best, best_id)| (o, id) > (best, best_id))
        {
            previous = Some((o, id));
        }
    }
    Ok(previous.map(|(_, id)| id))
}

/// The checks of one answer, reading only: `Some(test)` when the answer is for the pending
/// position of an unfinished test, `None` when it is stale.
pub(super) fn check_answer(
    txn: &WriteTransaction,
    write: &AnswerWrite,
) -> Result<Option<TestRecord>, StoreError> {
    let response = &write.response;
    let test = get_test(txn, response.test_id)?;
    let pending: Option<PendingRecord> = txn
        .open_table(PENDING)?
        .get(response.test_id)?
        .map(|v| decode("pending", v.value()))
        .transpose()?;
    let matches = pending.is_some_and(|p| {
        p.position == response.position
            && p.item_id == response.item_id
            && p.version == response.version
    });
    let answered = txn
        .open_table(RESPONSES)?
        .get((response.test_id, response.position))?
        .is_some();
    if test.finished.is_some() || !matches || answered {
        return Ok(None);
    }
    Ok(Some(test))
}

/// Write an answer that passed [`check_answer`], and what follows it. An error here is a
/// storage error: the transaction can no longer be trusted.
pub(super) fn write_answer(
    txn: &WriteTransaction,
    write: &AnswerWrite,
    test: TestRecord,
) -> Result<(), StoreError> {
    let response = &write.response;
    txn.open_table(RESPONSES)?.insert(
        (response.test_id, response.position),
        encode(response).as_slice(),
    )?;
    if response.pretest {
        let mut counts = txn.open_table(PRETEST_COUNTS)?;
        let n = counts
            .get(response.item_id.as_str())?
            .map_or(0, |v| v.value());
        counts.insert(response.item_id.as_str(), n + 1)?;
    }
    let mut pending_table = txn.open_table(PENDING)?;
    match &write.next {
        NextWrite::Pending(next, shown) => {
            pending_table.insert(response.test_id, encode(next).as_slice())?;
            drop(pending_table);
            put_item_version(txn, shown)?;
        }
        NextWrite::Finished(finished) => {
            pending_table.remove(response.test_id)?;
            let test = TestRecord {
                finished: Some(finished.clone()),
                ..test
            };
            txn.open_table(TESTS)?
                .insert(test.id, encode(&test).as_slice())?;
        }
    }
    Ok(())
}

/// Pretest answers per item, counted from the responses (for the migration to schema version 3;
/// `db check` counts the same way).
pub(super) fn count_pretest_answers(
    responses: &impl ReadableTable<(u64, u32), &'static [u8]>,
) -> Result<BTreeMap<String, u64>, StoreError> {
    let mut counts = BTreeMap::new();
    for entry in responses.iter()? {
        let (_, value) = entry?;
        let response: ResponseRecord = decode("response", value.value())?;
        if response.pretest {
            *counts.entry(response.item_id).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

fn get_test(txn: &WriteTransaction, id: u64) -> Result<TestRecord, StoreError> {
    let tests = txn.open_table(TESTS)?;
    let value = tests
        .get(id)?
        .ok_or_else(|| StoreError::Conflict(format!("test {id} does not exist")))?;
    decode("test", value.value())
}

fn put_item_version(txn: &WriteTransaction, shown: &ItemVersionRecord) -> Result<(), StoreError> {
    let mut table = txn.open_table(ITEM_VERSIONS)?;
    if table.get(shown.version.as_str())?.is_none() {
        table.insert(shown.version.as_str(), encode(shown).as_slice())?;
    }
    Ok(())
}

#[cfg(test)]
mod unit_tests {
    use super::super::test_support::{TempDb, answer, seed};
    use super::super::{
        CycleId, META, PRETEST_COUNTS, SCHEMA_KEY, SCHEMA_VERSION, Store, UserId, check,
    };
    use super::*;

    fn pretest(test: TestId, position: u32) -> AnswerWrite {
        let mut write = answer(test, position);
        write.response.pretest = true;
        write
    }

    fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn test_state_reads_history_pending_text_and_the_latest_earlier_cycle_of_the_same_user() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        // Users 1 and 2 with a test each in cycle 1 (opens 2026-01-01), item-0 pending.
        let first = seed(&store, 2);
        let now = Timestamp::now();
        let day = |m, d| jiff::civil::date(2027, m, d);
        // Cycle 2 opens last but is created first; cycle 3 opens between 1 and 2.
        let late = store.add_cycle("late", day(6, 1), day(7, 1)).unwrap();
        let middle = store.add_cycle("middle", day(1, 1), day(2, 1)).unwrap();
        for position in 0..3 {
            store.record_answer(&answer(first[0], position)).unwrap();
        }
        store.record_answer(&answer(first[1], 0)).unwrap();
        // A test of user 1 in `cycle` with `first` pending at position 0, then `n` answers
        // (each answer leaves item-{position + 1} pending).
        let take = |cycle: u64, first: &str, n: u32| {
            let test = store
                .test_for_or_create(UserId(1), CycleId(cycle), 7, now)
                .unwrap();
            let id = TestId(test.id);
            let (mut pending, shown) = super::super::test_support::pending(0);
            pending.item_id = first.to_string();
            store.set_pending(id, pending, shown).unwrap();
            for position in 0..n {
                let mut write = answer(id, position);
                if position == 0 {
                    write.response.item_id = first.to_string();
                }
                assert_eq!(store.record_answer(&write).unwrap(), AnswerOutcome::Stored);
            }
            id
        };
        let in_middle = take(middle.id, "mid-a", 2);
        let in_late = take(late.id, "late-a", 0);

        let state = store.test_state(first[0]).unwrap().unwrap();
        assert_eq!(state.test.id, first[0].0);
        let ids: Vec<&str> = state.answers.iter().map(|a| &*a.item_id).collect();
        assert_eq!(ids, ["item-0", "item-1", "item-2"]);
        assert_eq!(
            state.answers.iter().map(|a| a.correct).collect::<Vec<_>>(),
            [true, false, true]
        );
        let (pending, shown) = state.pending.unwrap();
        assert_eq!((pending.position, &*shown.stem), (3, "Stem 3"));
        assert_eq!(
            state.previous_items,
            Vec::<String>::new(),
            "no earlier cycle"
        );

        // The late cycle's previous test is the middle one (latest opening before it), not the
        // first one, and never user 2's.
        let state = store.test_state(in_late).unwrap().unwrap();
        assert_eq!(state.previous_items, ["mid-a", "item-1", "item-2"]);
        let state = store.test_state(in_middle).unwrap().unwrap();
        assert_eq!(
            state.previous_items,
            ["item-0", "item-1", "item-2", "item-3"]
        );
        assert_eq!(store.test_state(TestId(9_999)).unwrap(), None);
    }

    #[test]
    fn the_pretest_count_grows_only_with_stored_pretest_answers() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 3);
        assert_eq!(store.pretest_counts().unwrap(), counts(&[]));

        let outcome = |w: AnswerWrite| store.record_answer(&w).unwrap();
        assert_eq!(outcome(pretest(tests[0], 0)), AnswerOutcome::Stored);
        assert_eq!(store.pretest_counts().unwrap(), counts(&[("item-0", 1)]));
        // A double submit is stale: nothing stored, nothing counted.
        assert_eq!(outcome(pretest(tests[0], 0)), AnswerOutcome::Stale);
        // An answer for a position that is not pending is stale too.
        assert_eq!(outcome(pretest(tests[1], 3)), AnswerOutcome::Stale);
        // A scored answer is not counted.
        assert_eq!(outcome(answer(tests[1], 0)), AnswerOutcome::Stored);
        assert_eq!(store.pretest_counts().unwrap(), counts(&[("item-0", 1)]));
        assert_eq!(outcome(pretest(tests[2], 0)), AnswerOutcome::Stored);
        assert_eq!(outcome(pretest(tests[0], 1)), AnswerOutcome::Stored);
        let expected = counts(&[("item-0", 2), ("item-1", 1)]);
        assert_eq!(store.pretest_counts().unwrap(), expected);
        drop(store);

        // Durable with the answers, and consistent by `db check`.
        assert_eq!(check(&dir.path()).unwrap(), []);
        let store = Store::open(&dir.path()).unwrap();
        assert_eq!(store.pretest_counts().unwrap(), expected);
    }

    #[test]
    fn opening_a_version_2_file_counts_its_pretest_answers() {
        let dir = TempDb::new();
        {
            let store = Store::open(&dir.path()).unwrap();
            let tests = seed(&store, 3);
            for w in [
                pretest(tests[0], 0),
                answer(tests[0], 1),
                pretest(tests[0], 2),
                pretest(tests[1], 0),
                answer(tests[2], 0),
            ] {
                assert_eq!(store.record_answer(&w).unwrap(), AnswerOutcome::Stored);
            }
            // Make it what a version-2 build wrote: no counts table, version 2.
            let txn = store.db().unwrap().begin_write().unwrap();
            assert!(txn.delete_table(PRETEST_COUNTS).unwrap());
            txn.open_table(META).unwrap().insert(SCHEMA_KEY, 2).unwrap();
            txn.commit().unwrap();
        }
        assert_eq!(super::super::backup_schema_version(&dir.path()).unwrap(), 2);
        let store = Store::open(&dir.path()).unwrap();
        assert_eq!(
            store.pretest_counts().unwrap(),
            counts(&[("item-0", 2), ("item-2", 1)])
        );
        drop(store);
        assert_eq!(
            super::super::backup_schema_version(&dir.path()).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(check(&dir.path()).unwrap(), []);
    }

    #[test]
    fn db_check_reports_a_pretest_count_that_differs_from_the_answers() {
        let dir = TempDb::new();
        {
            let store = Store::open(&dir.path()).unwrap();
            let tests = seed(&store, 2);
            store.record_answer(&pretest(tests[0], 0)).unwrap();
            store.record_answer(&pretest(tests[0], 1)).unwrap();
            store.record_answer(&pretest(tests[1], 0)).unwrap();
            let txn = store.db().unwrap().begin_write().unwrap();
            {
                let mut table = txn.open_table(PRETEST_COUNTS).unwrap();
                table.insert("item-0", 5).unwrap(); // 2 stored
                table.remove("item-1").unwrap(); // 1 stored
                table.insert("ghost", 1).unwrap(); // none stored
            }
            txn.commit().unwrap();
        }
        let found: Vec<String> = check(&dir.path())
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "pretest_counts \"ghost\": is 1 but 0 pretest answers to the item are stored",
                "pretest_counts \"item-0\": is 5 but 2 pretest answers to the item are stored",
                "pretest_counts \"item-1\": missing, but 1 pretest answers to the item are stored",
            ]
        );
    }
}

//! Tests, the pending item, responses and item versions.
//!
//! An answer and what follows it (the next pending item, or the end of the test) are written in
//! one transaction, after checking that the answer is for the position that is pending: a double
//! submit or a stale form can never store a second answer. The write is a single function
//! ([`Store::record_answer`]) so that concurrent answers share one commit ([`super::commit`]).

use jiff::Timestamp;
use redb::{ReadTransaction, ReadableTable, WriteTransaction};

use super::{
    CYCLES, CycleRecord, FinishedRecord, ITEM_VERSIONS, ItemVersionRecord, PENDING, PendingRecord,
    RESPONSES, ResponseRecord, Store, StoreError, TEST_BY_USER_CYCLE, TESTS, TestRecord, all,
    decode, encode, next_id,
};

/// Everything an answer or a page view needs to know about one test, read in one transaction
/// (so the parts agree with each other).
#[derive(Debug, Clone, PartialEq)]
pub struct TestState {
    pub test: TestRecord,
    /// The answers in position order.
    pub answers: Vec<ResponseRecord>,
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
    /// The test of `user_id` in `cycle_id`, created with `seed` if there is none yet.
    pub fn test_for_or_create(
        &self,
        user_id: u64,
        cycle_id: u64,
        seed: u64,
        now: Timestamp,
    ) -> Result<TestRecord, StoreError> {
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

    pub fn test(&self, id: u64) -> Result<Option<TestRecord>, StoreError> {
        self.read(|txn| {
            txn.open_table(TESTS)?
                .get(id)?
                .map(|v| decode("test", v.value()))
                .transpose()
        })
    }

    pub fn tests(&self) -> Result<Vec<TestRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(TESTS)?, "test"))
    }

    /// The tests of one user, in id order. Reads only this user's tests (through the
    /// (user, cycle) index): it runs on every answer, so it must not scan all tests.
    pub fn tests_of_user(&self, user_id: u64) -> Result<Vec<TestRecord>, StoreError> {
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
        test_id: u64,
    ) -> Result<(Vec<ResponseRecord>, Option<PendingRecord>), StoreError> {
        self.read(|txn| read_history(txn, test_id))
    }

    /// A test with its history, pending item and the items of the previous cycle, or `None` if
    /// there is no such test.
    pub fn test_state(&self, test_id: u64) -> Result<Option<TestState>, StoreError> {
        self.read(|txn| {
            let tests = txn.open_table(TESTS)?;
            let Some(test) = tests.get(test_id)? else {
                return Ok(None);
            };
            let test: TestRecord = decode("test", test.value())?;
            let (answers, pending) = read_history(txn, test_id)?;
            let pending = match pending {
                Some(p) => {
                    let shown = txn
                        .open_table(ITEM_VERSIONS)?
                        .get(p.version.as_str())?
                        .map(|v| decode::<ItemVersionRecord>("item version", v.value()))
                        .transpose()?
                        .ok_or_else(|| {
                            StoreError::Conflict(format!(
                                "test {test_id}: item version {} is not stored",
                                p.version
                            ))
                        })?;
                    Some((p, shown))
                }
                None => None,
            };
            let previous_items = match previous_test(txn, &test)? {
                Some(previous) => {
                    let (answers, pending) = read_history(txn, previous)?;
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
        test_id: u64,
        pending: PendingRecord,
        shown: ItemVersionRecord,
    ) -> Result<Option<PendingRecord>, StoreError> {
        self.committer.run(move |txn| {
            if get_test(txn, test_id)?.finished.is_some() {
                return Ok(None);
            }
            let mut table = txn.open_table(PENDING)?;
            if let Some(existing) = table.get(test_id)? {
                return Ok(Some(decode("pending", existing.value())?));
            }
            table.insert(test_id, encode(&pending).as_slice())?;
            put_item_version(txn, &shown)?;
            Ok(Some(pending))
        })
    }

    /// Mark a test finished without a new answer (e.g. the bank ran out before any item).
    pub fn finish_test(&self, test_id: u64, finished: FinishedRecord) -> Result<(), StoreError> {
        self.committer.run(move |txn| {
            let mut test = get_test(txn, test_id)?;
            if test.finished.is_none() {
                test.finished = Some(finished);
                txn.open_table(TESTS)?
                    .insert(test_id, encode(&test).as_slice())?;
                txn.open_table(PENDING)?.remove(test_id)?;
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

    /// Every response of every test, in (test, position) order.
    pub fn all_responses(&self) -> Result<Vec<ResponseRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(RESPONSES)?, "response"))
    }
}

type History = (Vec<ResponseRecord>, Option<PendingRecord>);

fn read_history(txn: &ReadTransaction, test_id: u64) -> Result<History, StoreError> {
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

//! Group commit: concurrent answers share one durable redb transaction.
//!
//! A durable commit costs a disk flush (about 3,200 single-row commits/s on the machines we
//! measured), so one commit per answer caps a server at that rate however many cores it has.
//! Here every [`Store::record_answer`](super::Store::record_answer) call puts its answer on a
//! queue and waits; one committer thread takes everything queued (up to [`MAX_BATCH`]), applies
//! the answers in arrival order inside one write transaction, commits it durably, and only then
//! wakes each caller with its own outcome. So a caller still returns only after its answer is
//! on disk, and the callers keep a blocking API (the service runs on `spawn_blocking` threads).
//!
//! Each answer runs its own consistency checks inside the shared transaction, after the answers
//! before it in the batch: two submits for the same position in one batch store the first and
//! report the second as stale, exactly as in separate transactions. An answer whose check fails
//! (e.g. its test does not exist) gets its own error and writes nothing; the others are
//! committed. Only a failure of the transaction itself (a storage error while writing, or the
//! commit) fails every answer of the batch, since none of them is then durable.
//!
//! Why a thread rather than "the first waiting caller commits for everyone" (leader/follower):
//! with a leader, a caller can be kept serving other callers' batches under sustained load; the
//! thread gives every caller the latency of exactly one batch. Dropping the store closes the
//! queue; the thread drains what is queued, commits it and exits before the drop returns.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;

use redb::Database;

use super::StoreError;
use super::tests::{AnswerOutcome, AnswerWrite, check_answer, write_answer};

/// At most this many answers share one transaction (bounds the transaction's size and the
/// latency of the batch).
pub const MAX_BATCH: usize = 1024;

/// Counters of the committer since the store was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitStats {
    /// Durable transactions committed by the committer.
    pub batches: u64,
    /// Answers submitted (stored, stale or failed).
    pub answers: u64,
    /// The most answers in one transaction.
    pub largest_batch: u64,
}

type Reply = Result<AnswerOutcome, StoreError>;

struct Job {
    write: AnswerWrite,
    reply: mpsc::SyncSender<Reply>,
}

#[derive(Default)]
struct Counters {
    batches: AtomicU64,
    answers: AtomicU64,
    largest_batch: AtomicU64,
}

/// The queue and the thread that drains it.
pub(super) struct Committer {
    /// `None` only while dropping.
    queue: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    counters: Arc<Counters>,
}

impl Committer {
    pub(super) fn start(db: Arc<Database>) -> Committer {
        let (sender, receiver) = mpsc::channel::<Job>();
        let counters = Arc::new(Counters::default());
        let thread_counters = counters.clone();
        let thread = std::thread::Builder::new()
            .name("forvalt-committer".into())
            .spawn(move || drain(&db, &receiver, &thread_counters))
            .expect("the committer thread starts");
        Committer {
            queue: Some(sender),
            thread: Some(thread),
            counters,
        }
    }

    /// Queue an answer and wait until it is durable (or refused).
    pub(super) fn submit(&self, write: AnswerWrite) -> Reply {
        let (reply, wait) = mpsc::sync_channel(1);
        let queue = self.queue.as_ref().expect("the queue lives until drop");
        if queue.send(Job { write, reply }).is_err() {
            return Err(StoreError::Commit("the committer has stopped".into()));
        }
        wait.recv()
            .unwrap_or_else(|_| Err(StoreError::Commit("the committer has stopped".into())))
    }

    pub(super) fn stats(&self) -> CommitStats {
        CommitStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            answers: self.counters.answers.load(Ordering::Relaxed),
            largest_batch: self.counters.largest_batch.load(Ordering::Relaxed),
        }
    }
}

impl Drop for Committer {
    fn drop(&mut self) {
        // Closing the queue ends the thread once it has committed everything queued.
        drop(self.queue.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn drain(db: &Database, receiver: &mpsc::Receiver<Job>, counters: &Counters) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let writes: Vec<AnswerWrite> = batch.iter().map(|j| j.write.clone()).collect();
        let replies = commit_batch(db, &writes);
        counters.batches.fetch_add(1, Ordering::Relaxed);
        counters
            .answers
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        counters
            .largest_batch
            .fetch_max(batch.len() as u64, Ordering::Relaxed);
        for (job, reply) in batch.into_iter().zip(replies) {
            // A caller that went away (it cannot, it blocks) just misses its reply.
            let _ = job.reply.send(reply);
        }
    }
}

/// Apply `writes` in order in one transaction and commit it durably. Returns one outcome per
/// write, in the same order.
pub(super) fn commit_batch(db: &Database, writes: &[AnswerWrite]) -> Vec<Reply> {
    match try_commit_batch(db, writes) {
        Ok(outcomes) => outcomes,
        Err(e) => {
            let message = e.to_string();
            writes
                .iter()
                .map(|_| Err(StoreError::Commit(message.clone())))
                .collect()
        }
    }
}

fn try_commit_batch(db: &Database, writes: &[AnswerWrite]) -> Result<Vec<Reply>, StoreError> {
    let mut txn = db.begin_write()?;
    txn.set_quick_repair(true);
    let mut outcomes = Vec::with_capacity(writes.len());
    for write in writes {
        // The checks only read, so an answer failing them leaves the transaction untouched.
        let outcome = match check_answer(&txn, write) {
            Ok(Some(test)) => {
                write_answer(&txn, write, test)?;
                Ok(AnswerOutcome::Stored)
            }
            Ok(None) => Ok(AnswerOutcome::Stale),
            Err(e) => Err(e),
        };
        outcomes.push(outcome);
    }
    txn.commit()?;
    Ok(outcomes)
}

#[cfg(test)]
mod unit_tests {
    use std::sync::Barrier;

    use super::super::test_support::{TempDb, answer, seed};
    use super::super::{FinishedRecord, NextWrite, Store};
    use super::*;

    #[test]
    fn one_bad_answer_fails_alone_and_the_rest_of_the_batch_is_committed() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 2);
        let batch = [answer(tests[0], 0), answer(999, 0), answer(tests[1], 0)];
        let outcomes = commit_batch(&store.db, &batch);
        assert!(matches!(outcomes[0], Ok(AnswerOutcome::Stored)));
        assert!(
            matches!(&outcomes[1], Err(StoreError::Conflict(m)) if m.contains("999")),
            "{:?}",
            outcomes[1]
        );
        assert!(matches!(outcomes[2], Ok(AnswerOutcome::Stored)));
        for &test in &tests {
            let (answers, pending) = store.history(test).unwrap();
            assert_eq!(answers.len(), 1);
            assert_eq!(pending.unwrap().position, 1);
        }
    }

    #[test]
    fn answers_in_one_batch_apply_in_order_and_see_each_other() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 2);
        // Test A: 0 then 1 both store (1 becomes pending once 0 is written); a repeat of 0 is
        // stale. Test B: 1 before 0 is stale (1 is not pending yet), then 0 stores.
        let batch = [
            answer(tests[0], 0),
            answer(tests[1], 1),
            answer(tests[0], 1),
            answer(tests[0], 0),
            answer(tests[1], 0),
        ];
        let outcomes: Vec<AnswerOutcome> = commit_batch(&store.db, &batch)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        use AnswerOutcome::{Stale, Stored};
        assert_eq!(outcomes, [Stored, Stale, Stored, Stale, Stored]);
        assert_eq!(store.history(tests[0]).unwrap().0.len(), 2);
        assert_eq!(store.history(tests[1]).unwrap().0.len(), 1);
    }

    #[test]
    fn a_finishing_answer_closes_the_test_for_later_answers_in_the_batch() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 1);
        let mut last = answer(tests[0], 0);
        last.next = NextWrite::Finished(FinishedRecord {
            at: jiff::Timestamp::now(),
            reason: "max_length".into(),
            theta: 0.5,
            standard_error: 0.4,
        });
        let outcomes = commit_batch(&store.db, &[last, answer(tests[0], 1)]);
        assert!(matches!(outcomes[0], Ok(AnswerOutcome::Stored)));
        assert!(matches!(outcomes[1], Ok(AnswerOutcome::Stale)));
        let test = store.test(tests[0]).unwrap().unwrap();
        assert_eq!(test.finished.unwrap().reason, "max_length");
        assert_eq!(
            store.history(tests[0]).unwrap(),
            (vec![last_response(&store, tests[0])], None)
        );
    }

    fn last_response(store: &Store, test: u64) -> super::super::ResponseRecord {
        store.history(test).unwrap().0.pop().unwrap()
    }

    #[test]
    fn concurrent_writers_each_get_their_own_outcome_and_everything_ok_survives_reopening() {
        const WRITERS: usize = 16;
        const ANSWERS: u32 = 25;
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, WRITERS);
        let barrier = Barrier::new(WRITERS * 2);
        let stored: Vec<Vec<u32>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..WRITERS * 2)
                .map(|w| {
                    // Two writers per test race on every position: exactly one may store it.
                    let (test, store, barrier) = (tests[w / 2], &store, &barrier);
                    scope.spawn(move || {
                        barrier.wait();
                        let mut mine = Vec::new();
                        for position in 0..ANSWERS {
                            // Wait until the position is pending (the twin may be ahead).
                            loop {
                                let (answers, _) = store.history(test).unwrap();
                                if answers.len() as u32 >= position {
                                    break;
                                }
                                std::thread::yield_now();
                            }
                            match store.record_answer(&answer(test, position)).unwrap() {
                                AnswerOutcome::Stored => mine.push(position),
                                AnswerOutcome::Stale => {}
                            }
                        }
                        mine
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (t, &test) in tests.iter().enumerate() {
            let mut both: Vec<u32> = stored[2 * t]
                .iter()
                .chain(&stored[2 * t + 1])
                .copied()
                .collect();
            both.sort_unstable();
            assert_eq!(
                both,
                (0..ANSWERS).collect::<Vec<_>>(),
                "test {test}: each position stored once"
            );
        }
        let stats = store.commit_stats();
        assert_eq!(stats.answers, (WRITERS * 2) as u64 * u64::from(ANSWERS));
        assert!(stats.batches >= 1 && stats.batches <= stats.answers);
        assert!(stats.largest_batch >= 1 && stats.largest_batch <= MAX_BATCH as u64);
        let before: Vec<_> = tests.iter().map(|&t| store.history(t).unwrap()).collect();
        drop(store);

        let store = Store::open(&dir.path()).unwrap();
        for (&test, before) in tests.iter().zip(&before) {
            let after = store.history(test).unwrap();
            assert_eq!(&after, before);
            let positions: Vec<u32> = after.0.iter().map(|r| r.position).collect();
            assert_eq!(positions, (0..ANSWERS).collect::<Vec<_>>());
            assert_eq!(after.1.unwrap().position, ANSWERS);
        }
        drop(store);
        assert_eq!(super::super::check(&dir.path()).unwrap(), []);
    }

    #[test]
    fn dropping_the_store_stops_the_committer_and_releases_the_file() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 1);
        store.record_answer(&answer(tests[0], 0)).unwrap();
        drop(store);
        // The committer thread held the database too; a second open would fail if it lived on.
        let store = Store::open(&dir.path()).unwrap();
        assert_eq!(store.history(tests[0]).unwrap().0.len(), 1);
    }
}

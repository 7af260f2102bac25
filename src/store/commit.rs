//! Group commit: concurrent answers (and test starts) share one durable redb transaction.
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

use redb::{Database, WriteTransaction};

use super::test_records::{AnswerOutcome, AnswerWrite, check_answer, write_answer};
use super::{Handle, StoreError};

/// At most this many answers share one transaction (bounds the transaction's size and the
/// latency of the batch).
pub const MAX_BATCH: usize = 1024;

/// Counters of the committer since the store was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitStats {
    /// Durable transactions committed by the committer.
    pub batches: u64,
    /// Writes submitted (answers, test starts, pending items), whatever their outcome.
    pub writes: u64,
    /// The most writes in one transaction.
    pub largest_batch: u64,
}

type Reply = Result<AnswerOutcome, StoreError>;

/// What one write does inside a batch: `Ok(outcome)` is the caller's own result (an error
/// there means the write changed nothing); `Err` is an error that spoils the transaction, and
/// so the whole batch.
type Step<T> = Result<Result<T, StoreError>, StoreError>;

/// A queued write, type-erased so answers and other writes share one queue.
trait Work: Send {
    fn apply(&mut self, txn: &WriteTransaction) -> Result<(), StoreError>;
    /// Wake the caller with its outcome, or with the batch's failure.
    fn reply(self: Box<Self>, batch: Result<(), &StoreError>);
}

struct Task<T, F> {
    f: Option<F>,
    outcome: Option<Result<T, StoreError>>,
    reply: mpsc::SyncSender<Result<T, StoreError>>,
}

impl<T, F> Work for Task<T, F>
where
    T: Send,
    F: FnOnce(&WriteTransaction) -> Step<T> + Send,
{
    fn apply(&mut self, txn: &WriteTransaction) -> Result<(), StoreError> {
        let f = self.f.take().expect("a write is applied once");
        self.outcome = Some(f(txn)?);
        Ok(())
    }

    fn reply(self: Box<Self>, batch: Result<(), &StoreError>) {
        let result = match (batch, self.outcome) {
            (Ok(()), Some(outcome)) => outcome,
            (Err(StoreError::Unavailable(message)), _) => {
                Err(StoreError::Unavailable(message.clone()))
            }
            (Err(e), _) => Err(StoreError::Commit(e.to_string())),
            (Ok(()), None) => Err(StoreError::Commit("not applied".into())),
        };
        // A caller that went away (it cannot, it blocks) just misses its reply.
        let _ = self.reply.send(result);
    }
}

type Job = Box<dyn Work>;

fn task<T, F>(f: F) -> (Job, mpsc::Receiver<Result<T, StoreError>>)
where
    T: Send + 'static,
    F: FnOnce(&WriteTransaction) -> Step<T> + Send + 'static,
{
    let (reply, wait) = mpsc::sync_channel(1);
    let job = Box::new(Task {
        f: Some(f),
        outcome: None,
        reply,
    });
    (job, wait)
}

/// One answer inside a batch: its checks only read, so failing them leaves the transaction
/// untouched.
fn answer_step(txn: &WriteTransaction, write: &AnswerWrite) -> Step<AnswerOutcome> {
    Ok(match check_answer(txn, write) {
        Ok(Some(test)) => {
            write_answer(txn, write, test)?;
            Ok(AnswerOutcome::Stored)
        }
        Ok(None) => Ok(AnswerOutcome::Stale),
        Err(e) => Err(e),
    })
}

#[derive(Default)]
struct Counters {
    batches: AtomicU64,
    writes: AtomicU64,
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
    pub(super) fn start(handle: Arc<Handle>) -> Committer {
        let (sender, receiver) = mpsc::channel::<Job>();
        let counters = Arc::new(Counters::default());
        let thread_counters = counters.clone();
        let thread = std::thread::Builder::new()
            .name("forvalt-committer".into())
            .spawn(move || drain(&handle, &receiver, &thread_counters))
            .expect("the committer thread starts");
        Committer {
            queue: Some(sender),
            thread: Some(thread),
            counters,
        }
    }

    /// Queue an answer and wait until it is durable (or refused).
    pub(super) fn submit(&self, write: AnswerWrite) -> Reply {
        self.run_step(move |txn| answer_step(txn, &write))
    }

    /// Run `f` in the next batch and wait until the batch is durable. `f` must not write
    /// before it returns a [`StoreError::Conflict`] or [`StoreError::BadRecord`]: those are the
    /// caller's own outcome and leave the batch alone; any other error fails the batch.
    pub(super) fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&WriteTransaction) -> Result<T, StoreError> + Send + 'static,
    {
        self.run_step(move |txn| match f(txn) {
            Ok(value) => Ok(Ok(value)),
            Err(e @ (StoreError::Conflict(_) | StoreError::BadRecord { .. })) => Ok(Err(e)),
            Err(e) => Err(e),
        })
    }

    fn run_step<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&WriteTransaction) -> Step<T> + Send + 'static,
    {
        let (job, wait) = task(f);
        let queue = self.queue.as_ref().expect("the queue lives until drop");
        if queue.send(job).is_err() {
            return Err(StoreError::Commit("the committer has stopped".into()));
        }
        wait.recv()
            .unwrap_or_else(|_| Err(StoreError::Commit("the committer has stopped".into())))
    }

    pub(super) fn stats(&self) -> CommitStats {
        CommitStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            writes: self.counters.writes.load(Ordering::Relaxed),
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

fn drain(handle: &Handle, receiver: &mpsc::Receiver<Job>, counters: &Counters) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // The database is fetched per batch, so a reopen ([`super::Store::recover`]) only waits
        // for the batch in progress.
        match handle.db() {
            Ok(db) => {
                let failed = run_batch(&db, batch, counters);
                drop(db);
                if let Some(e) = failed {
                    let _ = handle.noted::<()>(Err(e));
                }
            }
            Err(e) => {
                for job in batch {
                    job.reply(Err(&e));
                }
            }
        }
    }
}

/// Apply the jobs in order in one transaction, commit it durably, then reply to each. The
/// counters are updated before the replies, so a caller that has its reply sees its write
/// counted. Returns the batch's failure, if any.
fn run_batch(db: &Database, mut batch: Vec<Job>, counters: &Counters) -> Option<StoreError> {
    let result = (|| -> Result<(), StoreError> {
        let mut txn = db.begin_write()?;
        txn.set_quick_repair(true);
        for job in &mut batch {
            job.apply(&txn)?;
        }
        txn.commit()?;
        Ok(())
    })();
    // An I/O failure is reported as "unavailable" (the handle is marked broken by the caller).
    let failure = result.err().map(|e| {
        if e.is_io() {
            StoreError::Unavailable(e.to_string())
        } else {
            e
        }
    });
    let n = batch.len() as u64;
    counters.batches.fetch_add(1, Ordering::Relaxed);
    counters.writes.fetch_add(n, Ordering::Relaxed);
    counters.largest_batch.fetch_max(n, Ordering::Relaxed);
    for job in batch {
        job.reply(match &failure {
            None => Ok(()),
            Some(e) => Err(e),
        });
    }
    failure
}

/// Apply answers in order in one transaction and commit it durably, as the committer does.
/// Returns one outcome per write, in the same order.
#[cfg(test)]
pub(super) fn commit_batch(db: &Database, writes: &[AnswerWrite]) -> Vec<Reply> {
    let (jobs, waits): (Vec<Job>, Vec<_>) = writes
        .iter()
        .cloned()
        .map(|w| task(move |txn| answer_step(txn, &w)))
        .unzip();
    let _ = run_batch(db, jobs, &Counters::default());
    waits.into_iter().map(|w| w.recv().unwrap()).collect()
}

#[cfg(test)]
mod unit_tests {
    use std::sync::Barrier;

    use super::super::test_support::{TempDb, answer, seed};
    use super::super::{FinishedRecord, NextWrite, Store, TestId};
    use super::*;

    #[test]
    fn one_bad_answer_fails_alone_and_the_rest_of_the_batch_is_committed() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 2);
        let batch = [
            answer(tests[0], 0),
            answer(TestId(999), 0),
            answer(tests[1], 0),
        ];
        let outcomes = commit_batch(&store.db().unwrap(), &batch);
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
        let outcomes: Vec<AnswerOutcome> = commit_batch(&store.db().unwrap(), &batch)
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
        let outcomes = commit_batch(&store.db().unwrap(), &[last, answer(tests[0], 1)]);
        assert!(matches!(outcomes[0], Ok(AnswerOutcome::Stored)));
        assert!(matches!(outcomes[1], Ok(AnswerOutcome::Stale)));
        let test = store.test(tests[0]).unwrap().unwrap();
        assert_eq!(test.finished.unwrap().reason, "max_length");
        assert_eq!(
            store.history(tests[0]).unwrap(),
            (vec![last_response(&store, tests[0])], None)
        );
    }

    fn last_response(store: &Store, test: TestId) -> super::super::ResponseRecord {
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
        let seeding = 2 * WRITERS as u64; // a test start and its first item per test
        assert_eq!(
            stats.writes,
            seeding + (WRITERS * 2) as u64 * u64::from(ANSWERS)
        );
        assert!(stats.batches >= 1 && stats.batches <= stats.writes);
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
    fn a_refused_test_start_fails_alone() {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 1);
        let (pending, shown) = super::super::test_support::pending(0);
        let error = store.set_pending(TestId(999), pending, shown).unwrap_err();
        assert!(matches!(error, StoreError::Conflict(_)), "{error}");
        assert_eq!(
            store.record_answer(&answer(tests[0], 0)).unwrap(),
            AnswerOutcome::Stored
        );
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

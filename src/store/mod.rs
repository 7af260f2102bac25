//! The database: the only module that knows redb.
//!
//! One redb file holds everything. Records are JSON-serialized structs from [`records`], kept
//! apart from the core types; the layout of tables and records is versioned by
//! [`SCHEMA_VERSION`], checked when the file is opened (a newer or foreign file is refused with a
//! clear message). Every write is one transaction committed with redb's default durability
//! (`Durability::Immediate`): when a method returns `Ok`, the data is on disk.
//!
//! The store holds no business rules: it checks only what keeps the records consistent (an
//! answer is stored once, for the position that is pending).

mod audit;
mod backup;
mod check;
mod commit;
mod error;
mod export;
mod ids;
mod item_history;
mod outbox;
mod password_links;
mod people;
pub mod records;
mod report_snapshot;
mod retention;
mod test_records;
#[cfg(test)]
mod test_support;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use redb::{
    Database, ReadableDatabase, ReadableTable, TableDefinition, TableHandle, WriteTransaction,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use backup::{BackupError, BackupSummary, RestoreSummary, backup_schema_version, restore};
pub use check::{Finding, check};
pub use commit::{CommitStats, MAX_BATCH};
pub use error::StoreError;
pub use export::{ExportError, ExportFormat, ExportRow, spreadsheet_text};
pub use ids::{CycleId, TestId, UserId};
pub(crate) use item_history::ITEM_HISTORY;
pub use item_history::{AppendOutcome, ItemContent, ItemEvent, ItemEventRecord};
pub use outbox::MailFacts;
pub(crate) use outbox::OUTBOX;
pub(crate) use password_links::PASSWORD_LINKS;
pub use password_links::{LinkIssue, LinkRefusal};
pub use people::{LateStart, UpsertSummary, UserInput, UserWrite};
pub use records::*;
pub use report_snapshot::ReportSnapshot;
pub use retention::{RetentionRun, RetentionSummary, cycles_to_anonymise};
pub use test_records::{AnswerOutcome, AnswerWrite, NextWrite, TestState};

/// The version of the table layout and record formats this build reads and writes.
///
/// History: 1 — the first layout; 2 — adds [`AUDIT_LOG`] and the optional
/// `TestRecord::department` (set by retention); 3 — adds [`PRETEST_COUNTS`]. An older file is
/// migrated in place when opened ([`migrate`]).
pub const SCHEMA_VERSION: u64 = 3;

pub(crate) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Id sequences per table.
pub(crate) const COUNTERS: TableDefinition<&str, u64> = TableDefinition::new("counters");
pub(crate) const USERS: TableDefinition<u64, &[u8]> = TableDefinition::new("users");
pub(crate) const USER_BY_LOGIN: TableDefinition<&str, u64> = TableDefinition::new("user_by_login");
pub(crate) const DEPARTMENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("departments");
pub(crate) const CYCLES: TableDefinition<u64, &[u8]> = TableDefinition::new("cycles");
pub(crate) const TESTS: TableDefinition<u64, &[u8]> = TableDefinition::new("tests");
/// (user id, cycle id) → test id: one test per caseworker and cycle.
pub(crate) const TEST_BY_USER_CYCLE: TableDefinition<(u64, u64), u64> =
    TableDefinition::new("test_by_user_cycle");
pub(crate) const PENDING: TableDefinition<u64, &[u8]> = TableDefinition::new("pending");
/// (test id, position) → answer. Append-only.
pub(crate) const RESPONSES: TableDefinition<(u64, u32), &[u8]> = TableDefinition::new("responses");
pub(crate) const ITEM_VERSIONS: TableDefinition<&str, &[u8]> =
    TableDefinition::new("item_versions");
/// Hash of the session token → login session.
pub(crate) const LOGIN_SESSIONS: TableDefinition<&str, &[u8]> =
    TableDefinition::new("login_sessions");

/// Audit id → who viewed or exported which HR report. Append-only (schema version 2).
pub(crate) const AUDIT_LOG: TableDefinition<u64, &[u8]> = TableDefinition::new("audit_log");

/// Item id → stored answers to it as a pretest item (schema version 3). Kept equal to the
/// number of pretest responses of the item: incremented in the transaction that stores such an
/// answer ([`test_records::write_answer`]), filled from the responses by the migration to version 3,
/// and verified by `db check`. Responses are never deleted (retention rewrites timestamps only),
/// so a count never has to go down.
pub(crate) const PRETEST_COUNTS: TableDefinition<&str, u64> =
    TableDefinition::new("pretest_counts");

pub(crate) const SCHEMA_KEY: &str = "schema_version";
/// Written by [`Store::recover`] to prove that writes succeed.
const PROBE_KEY: &str = "write_probe";

/// An open forvalt database.
pub struct Store {
    handle: Arc<Handle>,
    /// Takes the answers and test starts and commits them in groups ([`commit`]).
    committer: commit::Committer,
    /// Read transactions begun through [`Store::read`] since the file was opened: a view's
    /// cost in snapshots, shown by `cargo bench --bench hr` (one relaxed atomic add per read).
    read_transactions: std::sync::atomic::AtomicU64,
}

/// Opens the database (again): the file, or in tests another storage backend.
type Opener = Box<dyn Fn() -> Result<Database, redb::DatabaseError> + Send + Sync>;

/// The redb database behind a [`Store`], and what is needed to open it again.
///
/// After an I/O error (a full disk, say) redb refuses every later write ("Previous I/O error
/// occurred") until the database is closed and opened again, even once the disk has room.
/// A failed write therefore marks the handle broken; [`Store::recover`] then closes the
/// database (waiting for the readers and the committer to let go of it), opens it again — redb's
/// quick repair brings it back to the last durable commit, so nothing acknowledged is lost —
/// and proves with a durable probe write that writes succeed before it clears the mark.
pub(crate) struct Handle {
    db: RwLock<Option<Arc<Database>>>,
    open: Opener,
    broken: AtomicBool,
}

impl Handle {
    /// The open database, or [`StoreError::Unavailable`] while it is closed for recovery.
    pub(crate) fn db(&self) -> Result<Arc<Database>, StoreError> {
        self.db
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| StoreError::Unavailable("the database is being reopened".into()))
    }

    /// Note the outcome of a write: an I/O failure marks the write path broken.
    pub(crate) fn noted<T>(&self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        match result {
            Err(e) if e.is_io() => {
                if !self.broken.swap(true, Ordering::SeqCst) {
                    tracing::error!(
                        "a database write failed; writes are refused until it is reopened: {e}"
                    );
                }
                Err(StoreError::Unavailable(e.to_string()))
            }
            other => other,
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Open the database at `path`, creating it (with the current schema) if it does not exist.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_error = |e: redb::DatabaseError| StoreError::open(path, e);
        let db = if path.exists() {
            Database::open(path).map_err(open_error)?
        } else {
            Database::create(path).map_err(open_error)?
        };
        let again = path.to_path_buf();
        Store::start(db, Box::new(move || Database::open(&again)), path)
    }

    /// Open a database on another storage backend; `backend` is called again for every reopen
    /// ([`Store::recover`]). For tests that inject storage failures.
    #[doc(hidden)]
    pub fn open_with_backend<B: redb::StorageBackend>(
        backend: impl Fn() -> B + Send + Sync + 'static,
    ) -> Result<Store, StoreError> {
        let path = Path::new("(backend)");
        let db = Database::builder()
            .create_with_backend(backend())
            .map_err(|e| StoreError::open(path, e))?;
        Store::start(
            db,
            Box::new(move || Database::builder().create_with_backend(backend())),
            path,
        )
    }

    fn start(db: Database, open: Opener, path: &Path) -> Result<Store, StoreError> {
        let handle = Arc::new(Handle {
            db: RwLock::new(Some(Arc::new(db))),
            open,
            broken: AtomicBool::new(false),
        });
        let store = Store {
            committer: commit::Committer::start(handle.clone()),
            handle,
            read_transactions: std::sync::atomic::AtomicU64::new(0),
        };
        store.check_schema(path)?;
        Ok(store)
    }

    fn db(&self) -> Result<Arc<Database>, StoreError> {
        self.handle.db()
    }

    /// Whether writes succeed: a durable probe write. After a failed write (or a failed probe)
    /// this first reopens the database ([`Handle`]); `Ok` means writes work again.
    pub fn recover(&self) -> Result<(), StoreError> {
        if self.handle.broken.load(Ordering::SeqCst) {
            self.reopen()?;
        }
        let probe = self.write(|txn| {
            txn.open_table(META)?
                .insert(PROBE_KEY, jiff::Timestamp::now().as_second() as u64)?;
            Ok(())
        });
        if probe.is_ok() && self.handle.broken.swap(false, Ordering::SeqCst) {
            tracing::info!("the database accepts writes again");
        }
        probe
    }

    /// Whether an I/O failure has broken the write path (and it has not been recovered).
    pub fn write_path_broken(&self) -> bool {
        self.handle.broken.load(Ordering::SeqCst)
    }

    /// Close the database and open it again. Readers and the committer hold the old handle only
    /// for one transaction, so waiting a little for them is enough; until the new one is open,
    /// every operation gets [`StoreError::Unavailable`].
    fn reopen(&self) -> Result<(), StoreError> {
        let mut slot = self.handle.db.write().unwrap_or_else(|e| e.into_inner());
        let Some(mut old) = slot.take() else {
            return self.open_into(&mut slot);
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match Arc::try_unwrap(old) {
                Ok(db) => {
                    drop(db);
                    break;
                }
                Err(still_shared) if Instant::now() < deadline => {
                    old = still_shared;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(still_shared) => {
                    *slot = Some(still_shared);
                    return Err(StoreError::Unavailable(
                        "the database is still in use and cannot be reopened yet".into(),
                    ));
                }
            }
        }
        self.open_into(&mut slot)
    }

    fn open_into(&self, slot: &mut Option<Arc<Database>>) -> Result<(), StoreError> {
        let db = (self.handle.open)().map_err(|e| {
            StoreError::Unavailable(format!("the database cannot be reopened yet: {e}"))
        })?;
        *slot = Some(Arc::new(db));
        tracing::info!("the database was reopened after a write failure");
        Ok(())
    }

    /// Stamp a fresh file with the schema version, or check the stamp of an existing one.
    fn check_schema(&self, path: &Path) -> Result<(), StoreError> {
        let db = self.db()?;
        let mut txn = db.begin_write()?;
        txn.set_quick_repair(true);
        let found = {
            let meta = txn.open_table(META)?;
            meta.get(SCHEMA_KEY)?.map(|v| v.value())
        };
        match found {
            Some(SCHEMA_VERSION) => {
                txn.abort()?;
                Ok(())
            }
            Some(found) if (1..SCHEMA_VERSION).contains(&found) => {
                migrate(&txn, found)?;
                txn.commit()?;
                tracing::info!(
                    path = %path.display(),
                    from = found,
                    to = SCHEMA_VERSION,
                    "migrated the database schema"
                );
                Ok(())
            }
            Some(found) => {
                txn.abort()?;
                Err(StoreError::SchemaMismatch {
                    path: path.to_path_buf(),
                    found,
                    supported: SCHEMA_VERSION,
                })
            }
            None => {
                let foreign = txn.list_tables()?.any(|t| t.name() != META.name());
                if foreign {
                    txn.abort()?;
                    return Err(StoreError::NotForvalt(path.to_path_buf()));
                }
                {
                    let mut meta = txn.open_table(META)?;
                    meta.insert(SCHEMA_KEY, SCHEMA_VERSION)?;
                }
                create_tables(&txn)?;
                txn.commit()?;
                Ok(())
            }
        }
    }

    /// Overwrite the stored schema version. For tests of the start-up check only.
    #[doc(hidden)]
    pub fn force_schema_version(&self, version: u64) -> Result<(), StoreError> {
        let db = self.db()?;
        let txn = db.begin_write()?;
        txn.open_table(META)?.insert(SCHEMA_KEY, version)?;
        txn.commit()?;
        Ok(())
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&WriteTransaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.db()?;
        let result = (|| {
            let mut txn = db.begin_write()?;
            txn.set_quick_repair(true);
            let value = f(&txn)?;
            txn.commit()?;
            Ok(value)
        })();
        self.handle.noted(result)
    }

    /// What the committer has done since the store was opened.
    pub fn commit_stats(&self) -> CommitStats {
        self.committer.stats()
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&redb::ReadTransaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.read_transactions
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let db = self.db()?;
        let txn = db.begin_read()?;
        f(&txn)
    }

    /// How many read transactions the store has begun since it was opened.
    pub fn read_transactions(&self) -> u64 {
        self.read_transactions
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn create_tables(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(COUNTERS)?;
    txn.open_table(USERS)?;
    txn.open_table(USER_BY_LOGIN)?;
    txn.open_table(DEPARTMENTS)?;
    txn.open_table(CYCLES)?;
    txn.open_table(TESTS)?;
    txn.open_table(TEST_BY_USER_CYCLE)?;
    txn.open_table(PENDING)?;
    txn.open_table(RESPONSES)?;
    txn.open_table(ITEM_VERSIONS)?;
    txn.open_table(LOGIN_SESSIONS)?;
    txn.open_table(AUDIT_LOG)?;
    txn.open_table(PRETEST_COUNTS)?;
    Ok(())
}

/// Bring a file of schema version `from` up to [`SCHEMA_VERSION`] inside `txn` (all or
/// nothing: the caller commits). 1 → 2 only adds tables; existing records stay readable because
/// `TestRecord::department` defaults to `None`. 2 → 3 counts the stored pretest answers per item
/// into [`PRETEST_COUNTS`] (one pass over the responses, once).
fn migrate(txn: &WriteTransaction, from: u64) -> Result<(), StoreError> {
    if from < 2 {
        txn.open_table(AUDIT_LOG)?;
    }
    if from < 3 {
        let counts = test_records::count_pretest_answers(&txn.open_table(RESPONSES)?)?;
        let mut table = txn.open_table(PRETEST_COUNTS)?;
        table.retain(|_, _| false)?;
        for (item_id, n) in &counts {
            table.insert(item_id.as_str(), *n)?;
        }
    }
    txn.open_table(META)?.insert(SCHEMA_KEY, SCHEMA_VERSION)?;
    Ok(())
}

/// The next id of the sequence `name` (ids start at 1).
fn next_id(txn: &WriteTransaction, name: &str) -> Result<u64, StoreError> {
    let mut counters = txn.open_table(COUNTERS)?;
    let next = counters.get(name)?.map(|v| v.value()).unwrap_or(0) + 1;
    counters.insert(name, next)?;
    Ok(next)
}

fn encode<T: Serialize>(record: &T) -> Vec<u8> {
    serde_json::to_vec(record).expect("records serialize to JSON")
}

fn decode<T: DeserializeOwned>(table: &'static str, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::BadRecord {
        table,
        message: e.to_string(),
    })
}

/// Decode every value of a table, in key order.
fn all<K: redb::Key + 'static, T: DeserializeOwned>(
    table: &impl ReadableTable<K, &'static [u8]>,
    name: &'static str,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    for entry in table.iter()? {
        let (_, value) = entry?;
        out.push(decode(name, value.value())?);
    }
    Ok(out)
}

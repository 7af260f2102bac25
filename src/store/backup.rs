//! Backup and restore of the whole database file.
//!
//! redb locks the file to one process, so a backup is taken by the process that has it open:
//! [`Store::backup_to`] copies every table, inside one read transaction (a consistent snapshot
//! while answers keep being written), into a new redb file. The server exposes this to
//! `forvalt backup` on a protected endpoint; when no server holds the file the command opens it
//! itself. [`restore`] checks the backup's schema version, refuses to replace a file another
//! process has open, and swaps the file in with an atomic rename.

use std::path::{Path, PathBuf};

use redb::{
    Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, ReadableTable,
    ReadableTableMetadata, TableDefinition, TableHandle, WriteTransaction,
};

use super::{
    AUDIT_LOG, COUNTERS, CYCLES, DEPARTMENTS, ITEM_HISTORY, ITEM_VERSIONS, LOGIN_SESSIONS, META,
    OUTBOX, PASSWORD_LINKS, PENDING, PRETEST_COUNTS, RESPONSES, SCHEMA_KEY, SCHEMA_VERSION, Store,
    StoreError, TEST_BY_USER_CYCLE, TESTS, USER_BY_LOGIN, USERS,
};

/// The redb cache of the file a backup writes.
const BACKUP_CACHE_BYTES: usize = 16 << 20;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub tables: usize,
    pub rows: u64,
    pub bytes: u64,
    pub schema_version: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file name")]
    Exists(PathBuf),
    #[error(
        "{0} is open in another process (is a server running?); stop it before restoring over it"
    )]
    Locked(PathBuf),
    #[error("{0} is not a forvalt database (no schema version)")]
    NotForvalt(PathBuf),
    #[error(
        "{path} has schema version {found}, but this forvalt supports up to {supported}; use a newer forvalt"
    )]
    Newer {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("table {0} is not covered by backup; add it to store::backup")]
    UnknownTable(String),
    #[error("cannot read {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
        move |source| BackupError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl Store {
    /// Write a consistent copy of every table into a new redb file at `path`, which must not
    /// exist. The copy is written to `path` + `.partial` and renamed when complete, so a failed
    /// backup leaves no file that looks finished.
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary, BackupError> {
        if path.exists() {
            return Err(BackupError::Exists(path.to_path_buf()));
        }
        let partial = with_suffix(path, ".partial");
        let _ = std::fs::remove_file(&partial);
        let result = (|| {
            let db = self.db()?;
            let source = db.begin_read().map_err(StoreError::from)?;
            // A small cache: the copy is written once and never read back here, and redb's
            // default (1 GiB) would keep up to that much of it in memory until the commit.
            let target = Database::builder()
                .set_cache_size(BACKUP_CACHE_BYTES)
                .create(&partial)
                .map_err(|e| StoreError::open(&partial, e))?;
            let txn = target.begin_write().map_err(StoreError::from)?;
            let (tables, rows) = copy_all(&source, &txn)?;
            let schema_version = source
                .open_table(META)
                .map_err(StoreError::from)?
                .get(SCHEMA_KEY)
                .map_err(StoreError::from)?
                .map(|v| v.value())
                .unwrap_or(0);
            txn.commit().map_err(StoreError::from)?;
            drop(target);
            Ok::<_, BackupError>((tables, rows, schema_version))
        })();
        let (tables, rows, schema_version) = match result {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        std::fs::rename(&partial, path).map_err(BackupError::io(path))?;
        sync_dir(path);
        let bytes = std::fs::metadata(path)
            .map_err(BackupError::io(path))?
            .len();
        Ok(BackupSummary {
            tables,
            rows,
            bytes,
            schema_version,
        })
    }

    /// The database answers a read and has the schema this build expects (for `/healthz`).
    pub fn health(&self) -> Result<(), StoreError> {
        self.read(|txn| {
            let found = txn.open_table(META)?.get(SCHEMA_KEY)?.map(|v| v.value());
            match found {
                Some(SCHEMA_VERSION) => Ok(()),
                other => Err(StoreError::Conflict(format!(
                    "schema version {other:?}, expected {SCHEMA_VERSION}"
                ))),
            }
        })
    }

    /// Counts for monitoring, each O(1): stored answers and tests with an item waiting for its
    /// answer (open tests).
    pub fn gauges(&self) -> Result<(u64, u64), StoreError> {
        self.read(|txn| {
            let answers = txn.open_table(RESPONSES)?.len()?;
            let open = txn.open_table(PENDING)?.len()?;
            Ok((answers, open))
        })
    }
}

/// The schema version stamped in a database file, opened read-only.
pub fn backup_schema_version(path: &Path) -> Result<u64, BackupError> {
    let db = ReadOnlyDatabase::open(path).map_err(|e| BackupError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let txn = db.begin_read().map_err(StoreError::from)?;
    let meta = match txn.open_table(META) {
        Ok(meta) => meta,
        Err(redb::TableError::TableDoesNotExist(_)) => {
            return Err(BackupError::NotForvalt(path.to_path_buf()));
        }
        Err(e) => return Err(StoreError::from(e).into()),
    };
    meta.get(SCHEMA_KEY)
        .map_err(StoreError::from)?
        .map(|v| v.value())
        .ok_or_else(|| BackupError::NotForvalt(path.to_path_buf()))
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    /// The schema version of the backup (older versions are migrated during the restore).
    pub backup_schema_version: u64,
    pub bytes: u64,
}

/// Replace the database `db` by the backup `from`: check the backup's schema version, refuse
/// when another process has `db` open, copy to a temporary file beside `db`, open it once as a
/// store (which checks and, for an older version, migrates it), then rename it over `db`.
pub fn restore(from: &Path, db: &Path) -> Result<RestoreSummary, BackupError> {
    let version = backup_schema_version(from)?;
    if version > SCHEMA_VERSION {
        return Err(BackupError::Newer {
            path: from.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if db.exists() {
        // Opened (and closed again at once) or unreadable: either way nobody else holds it,
        // and restoring over a damaged file is what a restore is for.
        if let Err(redb::DatabaseError::DatabaseAlreadyOpen) = Database::open(db) {
            return Err(BackupError::Locked(db.to_path_buf()));
        }
    }
    let temporary = with_suffix(db, ".restoring");
    let _ = std::fs::remove_file(&temporary);
    let result = (|| {
        std::fs::copy(from, &temporary).map_err(BackupError::io(&temporary))?;
        Store::open(&temporary)?;
        std::fs::File::open(&temporary)
            .and_then(|f| f.sync_all())
            .map_err(BackupError::io(&temporary))?;
        std::fs::rename(&temporary, db).map_err(BackupError::io(db))
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    sync_dir(db);
    Ok(RestoreSummary {
        backup_schema_version: version,
        bytes: std::fs::metadata(db).map_err(BackupError::io(db))?.len(),
    })
}

/// Copy every known table; fail if the source has a table this function does not know, so a
/// new table cannot silently be left out of backups.
fn copy_all(
    source: &ReadTransaction,
    target: &WriteTransaction,
) -> Result<(usize, u64), BackupError> {
    let mut names = Vec::new();
    let mut rows = 0;
    macro_rules! copy {
        ($($table:expr),* $(,)?) => {$(
            rows += copy_table(source, target, $table)?;
            names.push($table.name().to_string());
        )*};
    }
    copy!(
        META,
        COUNTERS,
        USERS,
        USER_BY_LOGIN,
        DEPARTMENTS,
        CYCLES,
        TESTS,
        TEST_BY_USER_CYCLE,
        PENDING,
        RESPONSES,
        ITEM_VERSIONS,
        LOGIN_SESSIONS,
        AUDIT_LOG,
        PRETEST_COUNTS,
    );
    // Created on first use (authors' item history), so copied only when the source has it.
    if source
        .list_tables()
        .map_err(StoreError::from)?
        .any(|t| t.name() == ITEM_HISTORY.name())
    {
        copy!(ITEM_HISTORY);
    }
    // The e-mail outbox is created by the first decision to send mail; copied when present.
    if source
        .list_tables()
        .map_err(StoreError::from)?
        .any(|t| t.name() == OUTBOX.name())
    {
        copy!(OUTBOX);
    }
    // Set-password links are created by the first link; copied when present.
    if source
        .list_tables()
        .map_err(StoreError::from)?
        .any(|t| t.name() == PASSWORD_LINKS.name())
    {
        copy!(PASSWORD_LINKS);
    }
    for table in source.list_tables().map_err(StoreError::from)? {
        if !names.iter().any(|n| n == table.name()) {
            return Err(BackupError::UnknownTable(table.name().to_string()));
        }
    }
    Ok((names.len(), rows))
}

fn copy_table<K: redb::Key + 'static, V: redb::Value + 'static>(
    source: &ReadTransaction,
    target: &WriteTransaction,
    definition: TableDefinition<K, V>,
) -> Result<u64, StoreError> {
    let from = match source.open_table(definition) {
        Ok(table) => table,
        // A table the source never created (it is created empty in the copy).
        Err(redb::TableError::TableDoesNotExist(_)) => {
            target.open_table(definition)?;
            return Ok(0);
        }
        Err(e) => return Err(e.into()),
    };
    let mut to = target.open_table(definition)?;
    let mut rows = 0;
    for entry in from.iter()? {
        let (key, value) = entry?;
        to.insert(key.value(), value.value())?;
        rows += 1;
    }
    Ok(rows)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Make a rename durable (best effort: not every platform can open a directory).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

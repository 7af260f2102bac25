//! What can go wrong in the store.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error(
        "cannot open the database {0}: it is already open in another process (is a server running?)"
    )]
    Locked(PathBuf),
    #[error(
        "the database {path} has schema version {found}, but this forvalt supports version {supported}; \
         {}",
        if found > supported { "use a newer forvalt" } else { "it needs a migration" }
    )]
    SchemaMismatch {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("{0} is a redb file but not a forvalt database")]
    NotForvalt(PathBuf),
    #[error("a stored {table} record cannot be read: {message}")]
    BadRecord {
        table: &'static str,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    /// The transaction that was to hold an answer failed; the answer is not stored.
    #[error("the answer could not be committed: {0}")]
    Commit(String),
    #[error("database error: {0}")]
    Db(#[from] redb::Error),
    /// Writes fail for now (a full disk, an I/O error) or the database is being reopened; try
    /// again later. Nothing was stored.
    #[error("the database is temporarily unavailable: {0}")]
    Unavailable(String),
}

impl StoreError {
    /// An I/O failure of the storage (or redb's refusal after one), or already [`Unavailable`].
    ///
    /// [`Unavailable`]: StoreError::Unavailable
    pub fn is_io(&self) -> bool {
        matches!(
            self,
            StoreError::Db(redb::Error::Io(_) | redb::Error::PreviousIo)
                | StoreError::Unavailable(_)
        )
    }

    pub(super) fn open(path: &Path, e: redb::DatabaseError) -> StoreError {
        let message = match e {
            redb::DatabaseError::DatabaseAlreadyOpen => {
                return StoreError::Locked(path.to_path_buf());
            }
            redb::DatabaseError::Storage(redb::StorageError::Corrupted(m)) => {
                format!("the file is corrupt or not a database ({m})")
            }
            other => other.to_string(),
        };
        StoreError::Open {
            path: path.to_path_buf(),
            message,
        }
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> StoreError {
                StoreError::Db(e.into())
            }
        }
    )*};
}

from_redb!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

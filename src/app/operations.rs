//! Operations and administration: health, metrics gauges, backup, the audit log and retention.

use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;

use super::{Principal, ServiceError};
use crate::store::{
    AuditRecord, BackupSummary, RetentionRun, RetentionSummary, Role, Store, StoreError,
};

/// What operators and administrators do with the database as a whole.
#[derive(Debug)]
pub struct Operations {
    store: Arc<Store>,
    /// Keep personal data of this many most recent cycles (`None`: keep everything).
    retention_keep_cycles: Option<usize>,
}

impl Operations {
    pub fn new(store: Arc<Store>, retention_keep_cycles: Option<usize>) -> Operations {
        Operations {
            store,
            retention_keep_cycles,
        }
    }

    /// Whether the database answers a read with the expected schema.
    pub fn health(&self) -> Result<(), StoreError> {
        // Writable (a durable probe write, which after a write failure first reopens the
        // database) and readable with the expected schema.
        self.store.recover()?;
        self.store.health()
    }

    /// Record an operations action (a backup) in the audit log, durably.
    pub fn append_audit(&self, entry: &crate::store::AuditRecord) -> Result<(), StoreError> {
        self.store.append_audit(entry).map(|_| ())
    }

    /// Whether a write has failed and the database has not been reopened since.
    pub fn write_path_broken(&self) -> bool {
        self.store.write_path_broken()
    }

    /// Reopen the database after a write failure and probe a write ([`Store::recover`]).
    pub fn recover(&self) -> Result<(), StoreError> {
        self.store.recover()
    }

    /// The stored answers and the open tests, for `/metrics`.
    pub fn gauges(&self) -> Result<(u64, u64), StoreError> {
        self.store.gauges()
    }

    /// A consistent copy of the whole database at `path`.
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary, crate::store::BackupError> {
        self.store.backup_to(path)
    }

    /// The newest `limit` audit entries, newest first. Administrators only.
    pub fn audit_log(
        &self,
        principal: &Principal,
        limit: usize,
    ) -> Result<Vec<AuditRecord>, ServiceError> {
        if principal.user.role != Role::Admin {
            return Err(ServiceError::Forbidden);
        }
        Ok(self.store.audit_log(limit)?)
    }

    /// Apply the configured retention (`Config::retention_keep_cycles`), if any.
    pub fn apply_retention(
        &self,
        now: Timestamp,
    ) -> Result<Option<RetentionSummary>, ServiceError> {
        match self.retention_keep_cycles {
            Some(keep) => Ok(Some(self.store.apply_retention(
                keep,
                now,
                RetentionRun::Apply,
            )?)),
            None => Ok(None),
        }
    }
}

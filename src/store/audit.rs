//! The audit log: who viewed or exported which HR report, and when.
//!
//! Append-only: entries are numbered from 1 and never changed or deleted by forvalt (retention
//! keeps them; they record what staff did, not what caseworkers answered).

use redb::ReadableTable;

use super::{AUDIT_LOG, AuditRecord, Store, StoreError, all, encode, next_id};

impl Store {
    /// Append one entry; its `id` is assigned here (the given one is ignored). Durable when
    /// this returns.
    pub fn append_audit(&self, entry: &AuditRecord) -> Result<AuditRecord, StoreError> {
        self.write(|txn| {
            let record = AuditRecord {
                id: next_id(txn, "audit_log")?,
                ..entry.clone()
            };
            txn.open_table(AUDIT_LOG)?
                .insert(record.id, encode(&record).as_slice())?;
            Ok(record)
        })
    }

    /// The newest `limit` entries, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        self.read(|txn| {
            let table = txn.open_table(AUDIT_LOG)?;
            let mut out = Vec::new();
            for entry in table.iter()?.rev().take(limit) {
                let (_, value) = entry?;
                out.push(super::decode("audit", value.value())?);
            }
            Ok(out)
        })
    }

    /// Every entry, oldest first.
    pub fn audit_log_all(&self) -> Result<Vec<AuditRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(AUDIT_LOG)?, "audit"))
    }
}

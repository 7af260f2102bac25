//! The audit log: who viewed or exported which HR report, and when.
//!
//! Append-only: entries are numbered from 1 and never changed or deleted by forvalt (retention
//! keeps them; they record what staff did, not what caseworkers answered).

use redb::ReadableTable;

use super::{AUDIT_LOG, AuditRecord, META, Store, StoreError, all, encode, next_id};

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

impl Store {
    /// The 32-byte secret `name` (kept in `meta` as four numbers, so no schema change), stored
    /// as `fresh` the first time. Every caller gets the same key.
    pub fn secret_key(&self, name: &str, fresh: [u8; 32]) -> Result<[u8; 32], StoreError> {
        let keys: Vec<String> = (0..4).map(|i| format!("secret:{name}:{i}")).collect();
        let read = |meta: &dyn Fn(&str) -> Result<Option<u64>, StoreError>| {
            let mut key = [0u8; 32];
            for (i, k) in keys.iter().enumerate() {
                let Some(part) = meta(k)? else {
                    return Ok(None);
                };
                key[i * 8..(i + 1) * 8].copy_from_slice(&part.to_le_bytes());
            }
            Ok::<_, StoreError>(Some(key))
        };
        let stored = self.read(|txn| {
            let meta = txn.open_table(META)?;
            read(&|k| Ok(meta.get(k)?.map(|v| v.value())))
        })?;
        if let Some(key) = stored {
            return Ok(key);
        }
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let existing = read(&|k| Ok(meta.get(k)?.map(|v| v.value())))?;
            if let Some(key) = existing {
                return Ok(key);
            }
            for (i, k) in keys.iter().enumerate() {
                let part =
                    u64::from_le_bytes(fresh[i * 8..(i + 1) * 8].try_into().expect("8 bytes"));
                meta.insert(k.as_str(), part)?;
            }
            Ok(fresh)
        })
    }
}

//! The e-mail outbox: every message the application decided to send, until it is delivered.
//!
//! A message is keyed by a deterministic id (recipient × purpose × cycle, see
//! `app::followup`), so deciding the same message twice is a no-op. [`Store::queue_decided`]
//! reads what the decision needs and writes the decided messages in ONE write transaction:
//! a message exists exactly when the decision to send it was committed. The worker moves a
//! message `queued → sending → sent` (or back to `queued` with a later attempt, or to `failed`),
//! each step a durable commit; what that guarantees after a crash is spelled out in
//! `crate::mail`.
//!
//! The table was added without a schema version: it is created by the first decision to send
//! mail (reads treat a missing table as empty), so files without mail — and older files — look
//! as before, and older builds never open it. A backup copies it when it exists.

use jiff::Timestamp;
use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::{
    CYCLES, CycleRecord, Store, StoreError, TESTS, TestRecord, USERS, UserRecord, all, decode,
    encode,
};
use crate::store::records::{OutboxRecord, OutboxStatus};

/// Message id → [`OutboxRecord`].
pub(crate) const OUTBOX: TableDefinition<&str, &[u8]> = TableDefinition::new("outbox");

/// What a decision to send mail is made from, read in the transaction that queues the result.
#[derive(Debug, Clone, Default)]
pub struct MailFacts {
    pub users: Vec<UserRecord>,
    pub cycles: Vec<CycleRecord>,
    pub tests: Vec<TestRecord>,
}

impl Store {
    /// Read the facts, let `decide` choose the messages, and queue those whose id is not in the
    /// outbox yet — all in one durable transaction. Returns the ids queued now.
    pub fn queue_decided(
        &self,
        decide: impl FnOnce(&MailFacts) -> Vec<OutboxRecord>,
    ) -> Result<Vec<String>, StoreError> {
        self.write(|txn| {
            let facts = MailFacts {
                users: all(&txn.open_table(USERS)?, "user")?,
                cycles: all(&txn.open_table(CYCLES)?, "cycle")?,
                tests: all(&txn.open_table(TESTS)?, "test")?,
            };
            let decided = decide(&facts);
            let mut table = txn.open_table(OUTBOX)?;
            let mut queued = Vec::new();
            for message in decided {
                if table.get(message.id.as_str())?.is_some() {
                    continue;
                }
                table.insert(message.id.as_str(), encode(&message).as_slice())?;
                queued.push(message.id);
            }
            Ok(queued)
        })
    }

    /// What [`Store::queue_decided`] would queue now, without writing: the dry run.
    pub fn plan_decided(
        &self,
        decide: impl FnOnce(&MailFacts) -> Vec<OutboxRecord>,
    ) -> Result<Vec<OutboxRecord>, StoreError> {
        self.read(|txn| {
            let facts = MailFacts {
                users: all(&txn.open_table(USERS)?, "user")?,
                cycles: all(&txn.open_table(CYCLES)?, "cycle")?,
                tests: all(&txn.open_table(TESTS)?, "test")?,
            };
            let decided = decide(&facts);
            let table = match txn.open_table(OUTBOX) {
                Ok(table) => table,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(decided),
                Err(e) => return Err(e.into()),
            };
            let mut out = Vec::new();
            for message in decided {
                if table.get(message.id.as_str())?.is_none() {
                    out.push(message);
                }
            }
            Ok(out)
        })
    }

    /// Every message in the outbox, in id order.
    pub fn outbox(&self) -> Result<Vec<OutboxRecord>, StoreError> {
        self.read(|txn| match txn.open_table(OUTBOX) {
            Ok(table) => all(&table, "outbox message"),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        })
    }

    /// One message.
    pub fn outbox_message(&self, id: &str) -> Result<Option<OutboxRecord>, StoreError> {
        self.read(|txn| match txn.open_table(OUTBOX) {
            Ok(table) => table
                .get(id)?
                .map(|v| decode("outbox message", v.value()))
                .transpose(),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e.into()),
        })
    }

    /// The messages to deliver now: queued ones whose next attempt is due, and any left in
    /// `sending` (the process stopped during their delivery; they are sent again). Oldest
    /// decision first.
    pub fn due_messages(&self, now: Timestamp) -> Result<Vec<OutboxRecord>, StoreError> {
        let mut due: Vec<OutboxRecord> = self
            .outbox()?
            .into_iter()
            .filter(|m| match m.status {
                OutboxStatus::Queued => m.next_attempt_at <= now,
                OutboxStatus::Sending => true,
                OutboxStatus::Sent | OutboxStatus::Failed => false,
            })
            .collect();
        due.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(due)
    }

    /// The earliest next attempt of a queued message, if any.
    pub fn next_attempt(&self) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .outbox()?
            .iter()
            .filter(|m| m.status == OutboxStatus::Queued)
            .map(|m| m.next_attempt_at)
            .min())
    }

    /// Durably note that delivery of `id` starts now (one more attempt). Returns the message
    /// as stored, or `None` when it is not due for delivery (sent, failed or gone).
    pub fn mark_sending(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        self.update_message(id, |m| match m.status {
            OutboxStatus::Queued | OutboxStatus::Sending => {
                m.status = OutboxStatus::Sending;
                m.attempts += 1;
                m.last_attempt_at = Some(now);
                true
            }
            OutboxStatus::Sent | OutboxStatus::Failed => false,
        })
    }

    /// Durably note that the SMTP server accepted `id`.
    pub fn mark_sent(&self, id: &str, now: Timestamp) -> Result<Option<OutboxRecord>, StoreError> {
        self.update_message(id, |m| {
            m.status = OutboxStatus::Sent;
            m.sent_at = Some(now);
            m.last_error = None;
            true
        })
    }

    /// Durably note a failed attempt: queued again for `retry_at`, or failed for good when
    /// `retry_at` is `None`.
    pub fn mark_attempt_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        self.update_message(id, |m| {
            m.last_error = Some(error.to_string());
            match retry_at {
                Some(at) => {
                    m.status = OutboxStatus::Queued;
                    m.next_attempt_at = at;
                }
                None => m.status = OutboxStatus::Failed,
            }
            true
        })
    }

    /// An administrator's retry: a failed or waiting message is queued for now with a fresh
    /// count of attempts. A sent message is left alone (`None`).
    pub fn retry_message(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        self.update_message(id, |m| match m.status {
            OutboxStatus::Failed | OutboxStatus::Queued => {
                m.status = OutboxStatus::Queued;
                m.attempts = 0;
                m.next_attempt_at = now;
                true
            }
            OutboxStatus::Sending | OutboxStatus::Sent => false,
        })
    }

    /// Change one message in its own durable transaction; `change` says whether to write.
    fn update_message(
        &self,
        id: &str,
        change: impl FnOnce(&mut OutboxRecord) -> bool,
    ) -> Result<Option<OutboxRecord>, StoreError> {
        self.write(|txn| {
            let Some(mut message) = get_message(txn, id)? else {
                return Ok(None);
            };
            if !change(&mut message) {
                return Ok(None);
            }
            txn.open_table(OUTBOX)?
                .insert(id, encode(&message).as_slice())?;
            Ok(Some(message))
        })
    }
}

fn get_message(txn: &WriteTransaction, id: &str) -> Result<Option<OutboxRecord>, StoreError> {
    txn.open_table(OUTBOX)?
        .get(id)?
        .map(|v| decode("outbox message", v.value()))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::TempDb;

    fn message(id: &str, now: Timestamp) -> OutboxRecord {
        OutboxRecord {
            id: id.to_string(),
            purpose: "invitation".to_string(),
            user_id: 1,
            cycle_id: Some(1),
            to: "kari@example.no".to_string(),
            to_name: "Kari".to_string(),
            subject: "Emne".to_string(),
            body: "Tekst".to_string(),
            status: OutboxStatus::Queued,
            attempts: 0,
            last_error: None,
            created_at: now,
            next_attempt_at: now,
            last_attempt_at: None,
            sent_at: None,
        }
    }

    #[test]
    fn a_second_decision_of_the_same_message_is_a_no_op() {
        let db = TempDb::new();
        let store = Store::open(&db.path()).unwrap();
        let now = Timestamp::now();
        let first = store
            .queue_decided(|_| vec![message("a", now), message("b", now)])
            .unwrap();
        assert_eq!(first, vec!["a".to_string(), "b".to_string()]);
        store.mark_sending("a", now).unwrap().unwrap();
        store.mark_sent("a", now).unwrap().unwrap();
        let again = store
            .queue_decided(|_| vec![message("a", now), message("c", now)])
            .unwrap();
        assert_eq!(again, vec!["c".to_string()]);
        let a = store.outbox_message("a").unwrap().unwrap();
        assert_eq!(
            a.status,
            OutboxStatus::Sent,
            "the sent message was not reset"
        );
        let plan = store
            .plan_decided(|_| vec![message("a", now), message("d", now)])
            .unwrap();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].id, "d");
        assert!(
            store.outbox_message("d").unwrap().is_none(),
            "a plan writes nothing"
        );
    }

    #[test]
    fn a_message_left_sending_is_due_again_and_failures_back_off() {
        let db = TempDb::new();
        let store = Store::open(&db.path()).unwrap();
        let now = Timestamp::now();
        store.queue_decided(|_| vec![message("a", now)]).unwrap();
        assert!(store.outbox().unwrap().len() == 1);
        store.mark_sending("a", now).unwrap().unwrap();
        let due = store.due_messages(now).unwrap();
        assert_eq!(due.len(), 1, "a message in sending is resent after a crash");
        let later = now + jiff::SignedDuration::from_secs(60);
        store
            .mark_attempt_failed("a", "connection refused", Some(later))
            .unwrap()
            .unwrap();
        assert!(store.due_messages(now).unwrap().is_empty());
        assert_eq!(store.next_attempt().unwrap(), Some(later));
        assert_eq!(store.due_messages(later).unwrap().len(), 1);
        store.mark_sending("a", later).unwrap().unwrap();
        let failed = store
            .mark_attempt_failed("a", "550 no", None)
            .unwrap()
            .unwrap();
        assert_eq!(failed.status, OutboxStatus::Failed);
        assert_eq!(failed.attempts, 2);
        assert!(store.due_messages(later).unwrap().is_empty());
        let retried = store.retry_message("a", later).unwrap().unwrap();
        assert_eq!(
            (retried.status, retried.attempts),
            (OutboxStatus::Queued, 0)
        );
        assert_eq!(retried.last_error.as_deref(), Some("550 no"));
        assert!(store.mark_sent("missing", now).unwrap().is_none());
    }

    #[test]
    fn a_backup_keeps_the_outbox_once_it_exists() {
        let db = TempDb::new();
        let store = Store::open(&db.path()).unwrap();
        let now = Timestamp::now();
        let before = store.backup_to(&db.path().with_extension("b1")).unwrap();
        store.queue_decided(|_| vec![message("a", now)]).unwrap();
        let copy = db.path().with_extension("b2");
        let after = store.backup_to(&copy).unwrap();
        assert_eq!(after.tables, before.tables + 1);
        drop(store);
        let restored = Store::open(&copy).unwrap();
        assert_eq!(restored.outbox().unwrap(), vec![message("a", now)]);
    }
}

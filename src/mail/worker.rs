//! The worker that empties the outbox: one message at a time, each step a durable commit,
//! failed attempts retried with exponential backoff (see the crash guarantee in [`super`]).

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;

use super::{MailSettings, Mailer, SendError, backoff};
use crate::store::{OutboxRecord, OutboxStatus, Store, StoreError};

/// The longest the worker sleeps without looking at the outbox (a message queued by another
/// process, such as `forvalt mail schedule`, is found within this time).
const IDLE: Duration = Duration::from_secs(30);

/// Delivers the outbox of one store.
#[derive(Debug)]
pub struct Worker {
    store: Arc<Store>,
    mailer: Mailer,
    settings: MailSettings,
    /// Woken when a message is queued or retried.
    wake: Arc<Notify>,
}

/// What one pass over the due messages did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Worker {
    pub fn new(
        store: Arc<Store>,
        mailer: Mailer,
        settings: MailSettings,
        wake: Arc<Notify>,
    ) -> Worker {
        Worker {
            store,
            mailer,
            settings,
            wake,
        }
    }

    /// Deliver until the task is dropped: every due message, then sleep until the next attempt
    /// is due, a message is queued, or [`IDLE`] has passed.
    pub async fn run(self) {
        loop {
            if let Err(e) = self.pass().await {
                tracing::warn!("the outbox could not be read: {e}");
            }
            let wait = match self.blocking(|s| s.next_attempt()).await {
                Ok(Some(at)) => Duration::try_from(at.duration_since(Timestamp::now()))
                    .unwrap_or(Duration::ZERO)
                    .min(IDLE),
                _ => IDLE,
            };
            if wait.is_zero() {
                continue;
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Try every message that is due now once.
    pub async fn pass(&self) -> Result<Pass, StoreError> {
        let due = self.blocking(|s| s.due_messages(Timestamp::now())).await?;
        let mut pass = Pass::default();
        for message in due {
            match self.deliver(&message.id).await? {
                Some(OutboxStatus::Sent) => pass.sent += 1,
                Some(OutboxStatus::Queued) => pass.retrying += 1,
                Some(OutboxStatus::Failed) => pass.failed += 1,
                _ => {}
            }
        }
        Ok(pass)
    }

    /// One attempt at message `id`: `sending` (durable), SMTP, then `sent` or a later attempt
    /// or `failed` (durable). `None` when it was no longer due.
    async fn deliver(&self, id: &str) -> Result<Option<OutboxStatus>, StoreError> {
        let owned = id.to_string();
        let Some(message) = self
            .blocking(move |s| s.mark_sending(&owned, Timestamp::now()))
            .await?
        else {
            return Ok(None);
        };
        let outcome = self.mailer.send(&message).await;
        let id = message.id.clone();
        let after = match outcome {
            Ok(()) => {
                tracing::info!(id, purpose = message.purpose, "mail sent");
                self.blocking(move |s| s.mark_sent(&id, Timestamp::now()))
                    .await?
            }
            Err(e) => {
                let retry_at = retry_at(&message, &e, &self.settings);
                tracing::warn!(
                    id,
                    attempts = message.attempts,
                    retry = retry_at.is_some(),
                    "mail not sent: {e}"
                );
                let error = e.to_string();
                self.blocking(move |s| s.mark_attempt_failed(&id, &error, retry_at))
                    .await?
            }
        };
        Ok(after.map(|m| m.status))
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| StoreError::Conflict(format!("the outbox task failed: {e}")))?
    }
}

/// When to try again after a failed attempt; `None`: give up (a permanent refusal, or the
/// last attempt).
fn retry_at(
    message: &OutboxRecord,
    error: &SendError,
    settings: &MailSettings,
) -> Option<Timestamp> {
    match error {
        SendError::Permanent(_) => None,
        SendError::Transient(_) if message.attempts >= settings.max_attempts => None,
        SendError::Transient(_) => {
            let wait = backoff(settings.retry_base, message.attempts);
            Some(Timestamp::now() + jiff::SignedDuration::try_from(wait).unwrap_or_default())
        }
    }
}

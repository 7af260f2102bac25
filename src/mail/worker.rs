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
        let message = if crate::app::followup::find_link_marker(&message.body).is_some() {
            self.blocking(move |s| with_password_link(s, message, Timestamp::now()))
                .await?
        } else {
            message
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

/// The message with its set-password link filled in, at send time. The token is derived from
/// the message id with the server's key ([`crate::app::followup::message_link_token`]), and
/// its hash stored now if it is not stored yet, valid for the hours in the marker from now: a
/// message sent again (after a crash or a failed attempt) carries the same link, and the outbox
/// never holds a usable token. An invitation or reminder to someone who has a password by now
/// (or was deactivated) links to the login page instead; a `password` message always gets its
/// link.
fn with_password_link(
    store: &Store,
    mut message: OutboxRecord,
    now: Timestamp,
) -> Result<OutboxRecord, StoreError> {
    use crate::app::followup::{
        fill_password_link, find_link_marker, link_key, link_token_hash, message_link_token,
    };
    let Some(hours) = find_link_marker(&message.body) else {
        return Ok(message);
    };
    let user = store.user(crate::store::UserId(message.user_id))?;
    let wanted = user.as_ref().is_some_and(|u| {
        u.is_active() && (message.purpose == "password" || u.password_hash.is_none())
    });
    let token = message_link_token(&link_key(store)?, &message.id);
    let hash = link_token_hash(&token);
    let issued = if wanted {
        let link = crate::store::PasswordLinkRecord {
            user_id: message.user_id,
            created_at: now,
            expires_at: now + jiff::SignedDuration::from_hours(i64::from(hours)),
            message_id: Some(message.id.clone()),
            used_at: None,
            revoked_at: None,
        };
        store.ensure_password_link(&hash, &link)?.is_some()
    } else {
        // Sent before with a link (a resend after the person chose a password): keep it.
        store.password_link(&hash, now)?.is_ok()
    };
    message.body = fill_password_link(&message.body, issued.then_some(token.as_str()));
    Ok(message)
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

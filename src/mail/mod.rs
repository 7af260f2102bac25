//! E-mail: the templates, the SMTP transport (lettre) and the worker that empties the outbox.
//!
//! What to send is decided in `app::followup` and written to the outbox in the same transaction
//! as the decision (`Store::queue_decided`); this module only delivers.
//!
//! # What a crash can and cannot do
//!
//! The worker marks a message `sending` (a durable commit) before it talks to the SMTP server,
//! and `sent` (another durable commit) after the server has accepted the message (`250` after
//! `DATA`). A message found in `sending` when the server starts again is delivered again, with
//! the same `Message-ID` (derived from the message's deterministic id, [`message_id`]).
//!
//! - A queued message is never lost: it is on disk before anything is sent, and it stays until
//!   it is `sent` or an administrator sees it `failed`.
//! - A crash before or during the SMTP conversation (before the server's `250`): the server
//!   did not take the message, and it is delivered once after the restart.
//! - A crash in the short window after the server's `250` and before the `sent` commit: the
//!   message is delivered a second time, byte for byte the same, with the same `Message-ID`.
//!   SMTP has no way to ask a server whether it already has a message, so this window cannot be
//!   closed by the sender; the guarantee is at-least-once at the SMTP level and exactly-once
//!   for a receiver that removes duplicates by `Message-ID` (as common mail systems do).
//! - Deciding the same message twice (two scheduler runs, a restart) is a no-op: its id is
//!   already in the outbox.

pub mod smtp;
pub mod template;
pub mod worker;

use std::path::PathBuf;
use std::time::Duration;

pub use smtp::{Mailer, SendError};
pub use template::{Purpose, Rendered, Template, Templates};
pub use worker::Worker;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plain SMTP (a relay on the same host or network only).
    None,
    /// Plain connection upgraded with STARTTLS, which is required (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl Tls {
    pub fn parse(text: &str) -> Option<Tls> {
        match text {
            "none" => Some(Tls::None),
            "starttls" => Some(Tls::StartTls),
            "tls" => Some(Tls::Tls),
            _ => None,
        }
    }
}

/// Where and how mail is delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    /// User name and password, when the server wants them.
    pub credentials: Option<(String, String)>,
    /// The sender, `Name <address>` or an address.
    pub from: String,
    /// A connection or command taking longer fails the attempt.
    pub timeout: Duration,
}

/// The mail settings from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `None`: no mail is decided or sent (the dry run still shows what would be).
    pub smtp: Option<SmtpSettings>,
    /// The first retry waits this long; each further one twice as long (at most an hour).
    pub retry_base: Duration,
    /// Attempts before a message is marked failed.
    pub max_attempts: u32,
    /// How often the scheduler decides what to send.
    pub schedule_every: Duration,
    /// A directory whose templates replace the built-in ones.
    pub templates_dir: Option<PathBuf>,
}

impl Default for MailSettings {
    fn default() -> MailSettings {
        MailSettings {
            smtp: None,
            retry_base: Duration::from_secs(60),
            max_attempts: 10,
            schedule_every: Duration::from_secs(60 * 60),
            templates_dir: None,
        }
    }
}

/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60 * 60);

/// The wait after failed attempt number `attempts` (1 = the first): `base · 2^(attempts−1)`,
/// at most [`MAX_BACKOFF`].
pub fn backoff(base: Duration, attempts: u32) -> Duration {
    let factor = 1u32 << attempts.saturating_sub(1).min(20);
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

/// The SMTP `Message-ID` of outbox message `id`: the same for every attempt, so a receiver can
/// recognise a message delivered twice. `domain` is the sender's.
pub fn message_id(id: &str, domain: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("<{safe}.forvalt@{domain}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(60);
        assert_eq!(backoff(base, 1), Duration::from_secs(60));
        assert_eq!(backoff(base, 2), Duration::from_secs(120));
        assert_eq!(backoff(base, 4), Duration::from_secs(480));
        assert_eq!(backoff(base, 7), MAX_BACKOFF);
        assert_eq!(backoff(base, 1000), MAX_BACKOFF);
    }

    #[test]
    fn message_id_is_stable_and_well_formed() {
        assert_eq!(
            message_id("invitation-c3-u17", "etat.no"),
            "<invitation-c3-u17.forvalt@etat.no>"
        );
        assert_eq!(message_id("a b<c>", "x"), "<a_b_c_.forvalt@x>");
    }
}

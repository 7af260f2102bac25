//! One outbox message to the SMTP server, through lettre (tokio, rustls).

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{SmtpSettings, Tls, message_id};
use crate::store::OutboxRecord;

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The server refused the message for good (5xx), or the message cannot be built (a bad
    /// address): retrying would not help.
    #[error("{0}")]
    Permanent(String),
    /// The server could not be reached, timed out or answered 4xx: try again later.
    #[error("{0}")]
    Transient(String),
}

/// The SMTP transport and the sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Check the settings and build the transport (no connection is made yet).
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("mail_from {:?}: {e}", settings.from))?;
        let domain = from.email.domain().to_string();
        let builder = match settings.tls {
            Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
            Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                .map_err(|e| format!("smtp_host {:?}: {e}", settings.host))?,
            Tls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)
                .map_err(|e| format!("smtp_host {:?}: {e}", settings.host))?,
        };
        let mut builder = builder.port(settings.port).timeout(Some(settings.timeout));
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            domain,
        })
    }

    /// The e-mail of an outbox message, with its stable `Message-ID`.
    pub fn message(&self, record: &OutboxRecord) -> Result<Message, SendError> {
        let address = record
            .to
            .parse()
            .map_err(|e| SendError::Permanent(format!("the address {:?}: {e}", record.to)))?;
        let to = Mailbox::new(Some(record.to_name.clone()), address);
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(record.subject.clone())
            .message_id(Some(message_id(&record.id, &self.domain)))
            // The decision's time, not the attempt's: every attempt sends the same bytes.
            .date(std::time::SystemTime::from(record.created_at))
            .header(ContentType::TEXT_PLAIN)
            .body(record.body.clone())
            .map_err(|e| SendError::Permanent(format!("the message cannot be built: {e}")))
    }

    /// Hand one message to the SMTP server. `Ok` once the server has accepted it.
    pub async fn send(&self, record: &OutboxRecord) -> Result<(), SendError> {
        let message = self.message(record)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(describe(&e))),
            Err(e) => Err(SendError::Transient(describe(&e))),
        }
    }
}

/// lettre's error with its causes, which say what actually happened (connection refused, …).
fn describe(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

//! The records kept in the database, as stored.
//!
//! These structs are a promise to every database file already written: they are serialized as
//! JSON, kept apart from the core types, and their layout is covered by
//! [`super::SCHEMA_VERSION`]. Add fields with `#[serde(default)]`; anything else needs a new
//! schema version and a migration.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::Form;

/// What a user may do. Stored by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Caseworker,
    Hr,
    Author,
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_lowercase().as_str() {
            "caseworker" | "saksbehandler" => Some(Role::Caseworker),
            "hr" => Some(Role::Hr),
            "author" | "forfatter" => Some(Role::Author),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Hr => "hr",
            Role::Author => "author",
            Role::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: u64,
    /// The login name; unique, compared case-insensitively (stored lower-case).
    pub employee_id: String,
    pub name: String,
    pub email: String,
    /// A department path such as `BUF/Område Nord/Team 3`.
    pub department: String,
    pub role: Role,
    /// An argon2 PHC string; `None` until a password is set (such a user cannot log in).
    pub password_hash: Option<String>,
    pub created_at: Timestamp,
    /// The department path this person leads (roster column `leads`): a unit leader sees
    /// completion and the topic report of that subtree. `None` for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leads: Option<String>,
    /// The person's målform: from the roster, and as chosen on the home page.
    #[serde(default, skip_serializing_if = "Malform::is_unset")]
    pub malform: Malform,
    /// When the person was deactivated (a leaver, or by an administrator): a deactivated person
    /// cannot log in and gets no mail, but their tests stay in reports and completion history.
    /// `None` for everyone active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<Timestamp>,
}

impl UserRecord {
    /// Whether the person may log in and gets mail (not deactivated).
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
}

/// A person's målform (bokmål or nynorsk) as the roster gives it and as the person chose it.
/// The choice wins over the roster, the roster over the configuration's default; a roster
/// import never overrides the person's own choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Malform {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<Form>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<Form>,
}

impl Malform {
    /// The form to use, with `default` (the configuration's) when neither is set.
    ///
    /// Målform is a choice between the forms of Norwegian: where the installation's language
    /// (`default`) is not Norwegian (a Danish bank), it is everyone's language.
    pub fn resolve(&self, default: Form) -> Form {
        if !default.is_norwegian() {
            return default;
        }
        self.chosen
            .or(self.roster)
            .filter(Form::is_norwegian)
            .unwrap_or(default)
    }

    fn is_unset(&self) -> bool {
        *self == Malform::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentRecord {
    pub path: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleRecord {
    pub id: u64,
    pub name: String,
    pub opens: Date,
    /// The last day on which the test may be taken.
    pub deadline: Date,
    /// A test may still be started after the deadline (it shows as overdue).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_late: bool,
    /// Days after the deadline in which a started test may be finished; `None` takes the
    /// configured default (`late_grace_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_days: Option<u32>,
    /// k for this cycle's reports, fixed when the cycle was created, so a later change of the
    /// configured `report_min_people` applies to new cycles only: replaying a cycle's
    /// publication with another k would give a published set that is not nested in the one HR
    /// saw before, and the two could differ by fewer than k people. `None` (cycles created
    /// before this was recorded) takes the configured k.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_people: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestRecord {
    pub id: u64,
    /// The caseworker who took the test; [`ANONYMISED_USER`] once retention has removed the link
    /// (then [`TestRecord::department`] says where the person worked).
    pub user_id: u64,
    pub cycle_id: u64,
    /// Seeds the item selection: the rng for position `n` is derived from `seed` and `n`, so a
    /// test replays identically.
    pub seed: u64,
    pub started_at: Timestamp,
    pub finished: Option<FinishedRecord>,
    /// The caseworker's department when the test started. Reports count a test here, so a
    /// cycle's report does not change when someone moves later (comparing two views of the
    /// same report could otherwise single out the person who moved), nor when retention removes
    /// the link to the user. `None` in files written before the field existed; readers then use
    /// the current department (retention fills it in before unlinking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// The `user_id` of a test whose link to its caseworker was removed by retention (user ids
/// start at 1).
pub const ANONYMISED_USER: u64 = 0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishedRecord {
    pub at: Timestamp,
    /// The stop reason as the core names it (`precision`, `max_length`, `bank_exhausted`).
    pub reason: String,
    pub theta: f64,
    pub standard_error: f64,
}

/// The item currently shown in a test, waiting for its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingRecord {
    /// 0-based: the number of answers before this item.
    pub position: u32,
    pub item_id: String,
    pub version: String,
    pub shown_at: Timestamp,
    /// An unscored pretest item (seeded to collect answers for calibration).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pretest: bool,
    /// The written form the item is shown in.
    #[serde(default, skip_serializing_if = "Form::is_nb")]
    pub form: Form,
    /// The version under which the text shown is stored, when it is not `version` (the item in
    /// another form than bokmål); see [`PendingRecord::shown_version`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_version: Option<String>,
}

impl PendingRecord {
    /// The key of the stored text shown ([`ItemVersionRecord`]): `text_version` if set, else
    /// `version` (which always names the item version scored).
    pub fn shown_version(&self) -> &str {
        self.text_version.as_deref().unwrap_or(&self.version)
    }
}

/// One answer. Never deleted once written, and never changed except that retention coarsens
/// `answered_at` to the start of the cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub test_id: u64,
    pub position: u32,
    pub item_id: String,
    pub version: String,
    /// Index of the option chosen (A = 0).
    pub option: u8,
    pub correct: bool,
    pub response_ms: u64,
    pub answered_at: Timestamp,
    /// An answer to an unscored pretest item: never in the caseworker's estimate or result, nor
    /// in any report, even after the item is made active; used for calibration only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pretest: bool,
    /// The written form the item was shown in (bokmål in records written before there was a
    /// choice). Both forms are one item to the engine and the reports; the author statistics
    /// compare them (differential item functioning).
    #[serde(default, skip_serializing_if = "Form::is_nb")]
    pub form: Form,
    /// The version under which the text shown is stored, when it is not `version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_version: Option<String>,
}

impl ResponseRecord {
    /// The key of the stored text that was shown ([`ItemVersionRecord`]).
    pub fn shown_version(&self) -> &str {
        self.text_version.as_deref().unwrap_or(&self.version)
    }
}

/// The part of a stored [`ResponseRecord`] that running a test needs: which item, whether it
/// was right, whether it counts. Read from the same stored bytes, skipping the other fields
/// (about half the cost of decoding every answer in full on every answer).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AnsweredItem {
    pub position: u32,
    pub item_id: String,
    pub correct: bool,
    #[serde(default)]
    pub pretest: bool,
}

/// What a caseworker was shown for one item version: the stored answers refer to this text,
/// whatever happens to the item file later. An item shown in another form than bokmål is
/// stored under the version of that form's text (`text_version` of the answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemVersionRecord {
    pub version: String,
    pub item_id: String,
    pub stem: String,
    pub options: Vec<String>,
    pub key: u8,
    pub first_shown: Timestamp,
}

/// A login. Stored under a hash of the session token, never the token itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginSessionRecord {
    pub user_id: u64,
    /// The synchronizer token every form of this session must carry.
    pub csrf: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// One view or export of an HR report: who, what and when. Kept for accountability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: u64,
    pub at: Timestamp,
    pub user_id: u64,
    pub employee_id: String,
    pub role: Role,
    /// The route template, e.g. `/hr/tema/{topic}`.
    pub route: String,
    pub cycle_id: Option<u64>,
    pub level: Option<usize>,
    pub topic: Option<String>,
    pub department: Option<String>,
    /// `html`, `csv` or `json`; for an administrator's action (route `/admin/…` or
    /// `/ops/users/…`) what was done to whom, e.g. `deaktivert kari`.
    pub format: String,
}

/// A set-password link: stored under a hash of its token, never the token itself.
///
/// Single use: `used_at` is set when a password is chosen with it. It ends at `expires_at`, or
/// when it is revoked (`revoked_at`: a newer link was made, or the password was changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordLinkRecord {
    pub user_id: u64,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// The outbox message that carries it (`None`: shown to an administrator to hand over).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Timestamp>,
}

/// Where a message in the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxStatus {
    /// Waiting for its next attempt (`next_attempt_at`).
    Queued,
    /// Being handed to the SMTP server; a message found in this state after a restart was
    /// interrupted and is sent again, with the same `Message-ID`.
    Sending,
    /// The SMTP server accepted it.
    Sent,
    /// Given up after the configured number of attempts (an administrator can retry).
    Failed,
}

impl OutboxStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            OutboxStatus::Queued => "queued",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }
}

/// One e-mail decided on, rendered when it was decided, and its delivery so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxRecord {
    /// Deterministic: purpose, cycle and recipient (and week for digests), e.g.
    /// `invitation-c3-u17`. The SMTP `Message-ID` is derived from it.
    pub id: String,
    /// `invitation`, `reminder` or `digest`.
    pub purpose: String,
    pub user_id: u64,
    pub cycle_id: Option<u64>,
    pub to: String,
    pub to_name: String,
    pub subject: String,
    /// Plain text.
    pub body: String,
    pub status: OutboxStatus,
    /// Attempts since it was queued (or last retried by an administrator).
    pub attempts: u32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub next_attempt_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    pub sent_at: Option<Timestamp>,
}

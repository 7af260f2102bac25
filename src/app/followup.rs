//! Completion follow-up by e-mail: who gets which message, and the outbox as administrators
//! see it.
//!
//! [`decide`] is the rule (pure: facts and a clock in, messages out); [`Followup::schedule`]
//! runs it inside the transaction that queues its result, so a message is in the outbox exactly
//! when the decision to send it was committed. Every message has a deterministic id, so a second
//! decision is a no-op:
//!
//! - `invitation-c{cycle}-u{user}`: each caseworker with an e-mail address, once the cycle is
//!   open (and until its deadline);
//! - `reminder{days}-c{cycle}-u{user}`: each caseworker who has not completed, once the
//!   deadline is at most `days` away — for the nearest of the configured reminder days only,
//!   so a server that was down sends one reminder, not several at once;
//! - `digest-c{cycle}-u{user}-{year}w{week}`: each unit leader, once per ISO week while the
//!   cycle is open: completion in the subtree they lead.
//!
//! Delivery is [`crate::mail`]'s.

use std::sync::Arc;

use jiff::Timestamp;
use tokio::sync::Notify;

use super::test_taking::today;
use super::{CycleStatus, Principal, ServiceError};
use crate::mail::{Purpose, Templates};
use crate::store::{
    CycleRecord, MailFacts, OutboxRecord, OutboxStatus, Role, Store, TestRecord, UserRecord,
};

/// Set-password tokens for the mail worker (defined with the other account secrets).
pub use super::auth::{link_key, link_token_hash, message_link_token};

/// What the follow-up needs from the configuration.
#[derive(Debug, Clone)]
pub struct FollowupConfig {
    /// The server's address as users reach it, e.g. `https://forvalt.etat.no` (no trailing `/`).
    pub base_url: String,
    /// Reminders this many days before the deadline (e.g. 7 and 1).
    pub reminder_days: Vec<u32>,
    pub templates: Arc<Templates>,
    /// The målform of people with none from the roster or their own choice (the server's
    /// `malform` setting).
    pub default_form: crate::text::Form,
    /// How long a set-password link can be used, in hours (`password_link_hours`).
    pub password_link_hours: u32,
    /// Whether mail is delivered (an SMTP server is configured): an administrator's
    /// set-password link is then sent by e-mail, else shown to copy.
    pub mail_enabled: bool,
    /// Single sign-on is on: invitations link to the login page, never to a set-password link.
    /// Set by `App::new` from whether single sign-on is configured.
    pub sso: bool,
}

impl Default for FollowupConfig {
    fn default() -> FollowupConfig {
        FollowupConfig {
            base_url: "http://127.0.0.1:8080".to_string(),
            reminder_days: vec![7, 1],
            templates: Arc::new(Templates::default()),
            default_form: crate::text::Form::Nb,
            password_link_hours: 72,
            mail_enabled: false,
            sso: false,
        }
    }
}

/// The link in an invitation or reminder: the login page for someone who can log in (a
/// password, or single sign-on), else a set-password link. The link's token is not decided
/// here: the body gets a [`link_marker`] that the mail worker replaces when it sends
/// ([`fill_password_link`]), so the outbox never holds a usable secret.
pub fn invitation_link(config: &FollowupConfig, user: &UserRecord) -> String {
    if config.sso || user.password_hash.is_some() {
        format!("{}/logg-inn", config.base_url)
    } else {
        format!(
            "{}/passord/{}",
            config.base_url,
            link_marker(config.password_link_hours)
        )
    }
}

/// What stands for a set-password link's token in a queued message: `[[passordlenke 72t]]`,
/// with the hours the link will be valid from when it is sent.
pub fn link_marker(hours: u32) -> String {
    format!("{MARKER_START}{hours}{MARKER_END}")
}

const MARKER_START: &str = "[[passordlenke ";
const MARKER_END: &str = "t]]";

/// The hours of the first [`link_marker`] in `body`, if it has one after `/passord/`.
pub fn find_link_marker(body: &str) -> Option<u32> {
    let start = body.find(&format!("/passord/{MARKER_START}"))? + "/passord/".len();
    let rest = &body[start + MARKER_START.len()..];
    let end = rest.find(MARKER_END)?;
    rest[..end].parse().ok()
}

/// `body` with its set-password link filled in: `Some(token)` gives `/passord/{token}`,
/// `None` turns the link into the login page's (the person has a password by now).
pub fn fill_password_link(body: &str, token: Option<&str>) -> String {
    let Some(hours) = find_link_marker(body) else {
        return body.to_string();
    };
    let marker = format!("/passord/{}", link_marker(hours));
    match token {
        Some(token) => body.replace(&marker, &format!("/passord/{token}")),
        None => body.replace(&marker, "/logg-inn"),
    }
}

/// The language a person's messages are written in: their målform (their own choice, else the
/// roster's, else `default`).
pub fn language_of(user: &UserRecord, default: crate::text::Form) -> &'static str {
    user.malform.resolve(default).code()
}

/// Whether department `department` is `unit` or below it.
pub fn in_subtree(department: &str, unit: &str) -> bool {
    department == unit
        || department
            .strip_prefix(unit)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The messages due on the day of `now`, given the facts (pure).
pub fn decide(facts: &MailFacts, config: &FollowupConfig, now: Timestamp) -> Vec<OutboxRecord> {
    let today = today(now);
    let mut out = Vec::new();
    let mut cycles: Vec<&CycleRecord> = facts
        .cycles
        .iter()
        .filter(|c| c.opens <= today && today <= c.deadline)
        .collect();
    cycles.sort_by_key(|c| c.id);
    let addressable = |u: &&UserRecord| u.email.contains('@');
    for cycle in cycles {
        let test_of = |user: &UserRecord| {
            facts
                .tests
                .iter()
                .find(|t| t.user_id == user.id && t.cycle_id == cycle.id)
        };
        let days_left = (cycle.deadline - today).get_days().max(0) as u32;
        let reminder = config
            .reminder_days
            .iter()
            .copied()
            .filter(|d| days_left <= *d)
            .min();
        for user in facts
            .users
            .iter()
            .filter(|u| u.role == Role::Caseworker)
            .filter(|u| u.is_active())
            .filter(addressable)
        {
            let link = invitation_link(config, user);
            out.push(message(
                config,
                Purpose::Invitation,
                format!("invitation-c{}-u{}", cycle.id, user.id),
                user,
                cycle,
                now,
                &[
                    ("navn", user.name.clone()),
                    ("syklus", cycle.name.clone()),
                    ("åpner", cycle.opens.to_string()),
                    ("frist", cycle.deadline.to_string()),
                    ("lenke", link.clone()),
                    ("personvern", format!("{}/personvern", config.base_url)),
                ],
            ));
            let completed = test_of(user).is_some_and(|t| t.finished.is_some());
            if let (Some(days), false) = (reminder, completed) {
                out.push(message(
                    config,
                    Purpose::Reminder,
                    format!("reminder{days}-c{}-u{}", cycle.id, user.id),
                    user,
                    cycle,
                    now,
                    &[
                        ("navn", user.name.clone()),
                        ("syklus", cycle.name.clone()),
                        ("frist", cycle.deadline.to_string()),
                        ("dager_igjen", days_left.to_string()),
                        ("lenke", link),
                    ],
                ));
            }
        }
        let week = today.iso_week_date();
        for leader in facts
            .users
            .iter()
            .filter(|u| u.is_active())
            .filter(addressable)
        {
            let Some(unit) = &leader.leads else { continue };
            let statuses = unit_statuses(facts, cycle, unit, today);
            let completed = statuses
                .iter()
                .filter(|(_, s)| *s == CycleStatus::Completed)
                .count();
            // In the leader's language, like the template around it.
            let form = leader.malform.resolve(config.default_form);
            let overview = statuses
                .iter()
                .map(|(u, s)| format!("- {} ({}): {}", u.name, u.department, s.leader_label(form)))
                .collect::<Vec<_>>()
                .join("\n");
            out.push(message(
                config,
                Purpose::Digest,
                format!(
                    "digest-c{}-u{}-{}w{:02}",
                    cycle.id,
                    leader.id,
                    week.year(),
                    week.week()
                ),
                leader,
                cycle,
                now,
                &[
                    ("navn", leader.name.clone()),
                    ("syklus", cycle.name.clone()),
                    ("frist", cycle.deadline.to_string()),
                    ("enhet", unit.clone()),
                    ("fullført", completed.to_string()),
                    ("totalt", statuses.len().to_string()),
                    ("oversikt", overview),
                    ("lenke", format!("{}/leder", config.base_url)),
                ],
            ));
        }
    }
    out
}

/// Every caseworker in `unit`'s subtree with their status in `cycle`, by department and name.
pub fn unit_statuses<'a>(
    facts: &'a MailFacts,
    cycle: &CycleRecord,
    unit: &str,
    today: jiff::civil::Date,
) -> Vec<(&'a UserRecord, CycleStatus)> {
    let mut out: Vec<(&UserRecord, CycleStatus)> = facts
        .users
        .iter()
        .filter(|u| u.role == Role::Caseworker && in_subtree(&u.department, unit))
        .filter_map(|u| {
            let test: Option<&TestRecord> = facts
                .tests
                .iter()
                .find(|t| t.user_id == u.id && t.cycle_id == cycle.id);
            // A leaver who took no test in the cycle is no longer expected to.
            (u.is_active() || test.is_some()).then(|| (u, CycleStatus::of(cycle, test, today)))
        })
        .collect();
    out.sort_by(|a, b| {
        (a.0.department.as_str(), a.0.name.as_str())
            .cmp(&(b.0.department.as_str(), b.0.name.as_str()))
    });
    out
}

fn message(
    config: &FollowupConfig,
    purpose: Purpose,
    id: String,
    user: &UserRecord,
    cycle: &CycleRecord,
    now: Timestamp,
    values: &[(&str, String)],
) -> OutboxRecord {
    let rendered = config
        .templates
        .get(language_of(user, config.default_form), purpose)
        .render(values);
    OutboxRecord {
        id,
        purpose: purpose.as_str().to_string(),
        user_id: user.id,
        cycle_id: Some(cycle.id),
        to: user.email.clone(),
        to_name: user.name.clone(),
        subject: rendered.subject,
        body: rendered.body,
        status: OutboxStatus::Queued,
        attempts: 0,
        last_error: None,
        created_at: now,
        next_attempt_at: now,
        last_attempt_at: None,
        sent_at: None,
    }
}

/// The outbox counted by status, for the admin page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub queued: usize,
    pub sending: usize,
    pub sent: usize,
    pub failed: usize,
}

/// Deciding and queueing mail, the dry run, and the outbox for administrators.
#[derive(Debug)]
pub struct Followup {
    store: Arc<Store>,
    config: FollowupConfig,
    /// Wakes the delivery worker when something is queued.
    wake: Arc<Notify>,
}

impl Followup {
    pub fn new(store: Arc<Store>, config: FollowupConfig) -> Followup {
        Followup {
            store,
            config,
            wake: Arc::new(Notify::new()),
        }
    }

    /// The settings messages are decided and written with.
    pub fn config(&self) -> &FollowupConfig {
        &self.config
    }

    /// What the delivery worker waits on.
    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Decide what is due now and queue it (one transaction). Returns the ids queued now; an
    /// empty list when everything due was queued before.
    pub fn schedule(&self, now: Timestamp) -> Result<Vec<String>, ServiceError> {
        let config = self.config.clone();
        let queued = self
            .store
            .queue_decided(move |facts| decide(facts, &config, now))?;
        if !queued.is_empty() {
            self.wake.notify_one();
        }
        Ok(queued)
    }

    /// The dry run: what [`Followup::schedule`] would queue now, without writing anything.
    pub fn plan(&self, now: Timestamp) -> Result<Vec<OutboxRecord>, ServiceError> {
        let config = self.config.clone();
        Ok(self
            .store
            .plan_decided(move |facts| decide(facts, &config, now))?)
    }

    /// The outbox, newest decision first (administrators only).
    pub fn outbox(&self, principal: &Principal) -> Result<Vec<OutboxRecord>, ServiceError> {
        principal.require(Role::Admin)?;
        self.messages()
    }

    /// The outbox, newest decision first (for the command line, which has the file).
    pub fn messages(&self) -> Result<Vec<OutboxRecord>, ServiceError> {
        let mut all = self.store.outbox()?;
        all.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// The dry run, for administrators.
    pub fn plan_for(
        &self,
        principal: &Principal,
        now: Timestamp,
    ) -> Result<Vec<OutboxRecord>, ServiceError> {
        principal.require(Role::Admin)?;
        self.plan(now)
    }

    /// Queue a failed or waiting message for delivery now (administrators only).
    pub fn retry(
        &self,
        principal: &Principal,
        id: &str,
        now: Timestamp,
    ) -> Result<OutboxRecord, ServiceError> {
        principal.require(Role::Admin)?;
        match self.store.retry_message(id, now)? {
            Some(message) => {
                self.wake.notify_one();
                Ok(message)
            }
            None if self.store.outbox_message(id)?.is_some() => {
                Err(super::Refusal::MessageAlreadySent.into())
            }
            None => Err(ServiceError::NotFound),
        }
    }
}

/// Count messages by status.
pub fn counts(messages: &[OutboxRecord]) -> OutboxCounts {
    let mut c = OutboxCounts::default();
    for m in messages {
        match m.status {
            OutboxStatus::Queued => c.queued += 1,
            OutboxStatus::Sending => c.sending += 1,
            OutboxStatus::Sent => c.sent += 1,
            OutboxStatus::Failed => c.failed += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::FinishedRecord;
    use jiff::civil::date;

    fn user(id: u64, department: &str, role: Role, leads: Option<&str>) -> UserRecord {
        UserRecord {
            id,
            employee_id: format!("u{id}"),
            name: format!("Person {id}"),
            email: format!("u{id}@etat.no"),
            department: department.to_string(),
            role,
            password_hash: None,
            created_at: Timestamp::UNIX_EPOCH,
            leads: leads.map(str::to_string),
            malform: Default::default(),
            deactivated_at: None,
        }
    }

    fn facts() -> MailFacts {
        let mut no_mail = user(4, "BUF/Nord", Role::Caseworker, None);
        no_mail.email = String::new();
        MailFacts {
            users: vec![
                user(1, "BUF/Nord/Team 1", Role::Caseworker, None),
                user(2, "BUF/Nord/Team 2", Role::Caseworker, None),
                user(3, "BUF/Sør", Role::Caseworker, None),
                no_mail,
                user(5, "BUF/Nord", Role::Caseworker, Some("BUF/Nord")),
                user(6, "BUF", Role::Hr, None),
            ],
            cycles: vec![
                CycleRecord {
                    id: 1,
                    name: "Vår".into(),
                    opens: date(2026, 3, 1),
                    deadline: date(2026, 3, 31),
                    allow_late: false,
                    grace_days: None,
                    min_people: None,
                },
                CycleRecord {
                    id: 2,
                    name: "Gammel".into(),
                    opens: date(2025, 3, 1),
                    deadline: date(2025, 3, 31),
                    allow_late: false,
                    grace_days: None,
                    min_people: None,
                },
            ],
            tests: vec![TestRecord {
                id: 1,
                user_id: 2,
                cycle_id: 1,
                seed: 0,
                started_at: Timestamp::UNIX_EPOCH,
                finished: Some(FinishedRecord {
                    at: Timestamp::UNIX_EPOCH,
                    reason: "precision".into(),
                    theta: 0.0,
                    standard_error: 0.3,
                }),
                department: None,
            }],
        }
    }

    fn at(y: i16, m: i8, d: i8) -> Timestamp {
        date(y, m, d)
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::system())
            .unwrap()
            .timestamp()
    }

    fn ids(messages: &[OutboxRecord]) -> Vec<&str> {
        messages.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn invitations_go_to_caseworkers_with_an_address_while_the_cycle_is_open() {
        let config = FollowupConfig::default();
        let messages = decide(&facts(), &config, at(2026, 3, 2));
        let invitations: Vec<&str> = ids(&messages)
            .into_iter()
            .filter(|id| id.starts_with("invitation"))
            .collect();
        assert_eq!(
            invitations,
            vec![
                "invitation-c1-u1",
                "invitation-c1-u2",
                "invitation-c1-u3",
                "invitation-c1-u5"
            ]
        );
        let kari = messages
            .iter()
            .find(|m| m.id == "invitation-c1-u1")
            .unwrap();
        assert_eq!(kari.to, "u1@etat.no");
        assert!(
            kari.body
                .contains("http://127.0.0.1:8080/passord/[[passordlenke 72t]]"),
            "no password yet: a set-password link, its token filled in when sent: {}",
            kari.body
        );
        assert!(kari.subject.contains("Vår"));
        assert!(
            decide(&facts(), &config, at(2026, 2, 28)).is_empty(),
            "not yet open"
        );
        assert!(
            decide(&facts(), &config, at(2026, 4, 1)).is_empty(),
            "deadline passed"
        );
    }

    #[test]
    fn with_single_sign_on_invitations_link_to_the_login_page() {
        let config = FollowupConfig {
            sso: true,
            ..FollowupConfig::default()
        };
        let messages = decide(&facts(), &config, at(2026, 3, 2));
        let kari = messages
            .iter()
            .find(|m| m.id == "invitation-c1-u1")
            .unwrap();
        assert!(
            kari.body.contains("http://127.0.0.1:8080/logg-inn")
                && !kari.body.contains("/passord/"),
            "{}",
            kari.body
        );
    }

    #[test]
    fn one_reminder_for_the_nearest_reminder_day_to_those_not_completed() {
        let config = FollowupConfig::default(); // 7 and 1 days before
        let reminders = |now| {
            decide(&facts(), &config, now)
                .into_iter()
                .filter(|m| m.purpose == "reminder")
                .map(|m| m.id)
                .collect::<Vec<_>>()
        };
        assert!(reminders(at(2026, 3, 23)).is_empty(), "8 days left");
        assert_eq!(
            reminders(at(2026, 3, 24)),
            vec!["reminder7-c1-u1", "reminder7-c1-u3", "reminder7-c1-u5"],
            "user 2 has completed"
        );
        assert_eq!(reminders(at(2026, 3, 31)).len(), 3);
        assert!(
            reminders(at(2026, 3, 31))
                .iter()
                .all(|id| id.starts_with("reminder1-"))
        );
    }

    #[test]
    fn the_digest_lists_the_leaders_subtree_only() {
        let config = FollowupConfig::default();
        let messages = decide(&facts(), &config, at(2026, 3, 2));
        let digests: Vec<&OutboxRecord> =
            messages.iter().filter(|m| m.purpose == "digest").collect();
        assert_eq!(digests.len(), 1);
        let digest = digests[0];
        assert_eq!(digest.id, "digest-c1-u5-2026w10");
        assert_eq!(digest.to, "u5@etat.no");
        assert!(digest.subject.contains("1 av 4"), "{}", digest.subject);
        assert!(
            digest
                .body
                .contains("Person 1 (BUF/Nord/Team 1): Ikke startet"),
            "{}",
            digest.body
        );
        assert!(digest.body.contains("Person 2 (BUF/Nord/Team 2): Fullført"));
        assert!(
            !digest.body.contains("Person 3"),
            "another unit: {}",
            digest.body
        );
        let next_week = decide(&facts(), &config, at(2026, 3, 9));
        assert!(ids(&next_week).contains(&"digest-c1-u5-2026w11"));
    }

    /// The list in the digest is in the leader's language, like the template around it.
    #[test]
    fn the_digest_lists_statuses_in_the_leaders_language() {
        let digest = |facts: &MailFacts, config: &FollowupConfig| {
            decide(facts, config, at(2026, 3, 2))
                .into_iter()
                .find(|m| m.purpose == "digest")
                .expect("a digest")
                .body
        };
        let mut nynorsk = facts();
        nynorsk.users[4].malform.chosen = Some(crate::text::Form::Nn);
        let body = digest(&nynorsk, &FollowupConfig::default());
        assert!(body.contains("Sjå oversikta"), "{body}");
        assert!(
            body.contains("Person 1 (BUF/Nord/Team 1): Ikkje starta"),
            "{body}"
        );
        let danish = FollowupConfig {
            default_form: crate::text::Form::Da,
            ..FollowupConfig::default()
        };
        let body = digest(&facts(), &danish);
        assert!(body.contains("Se oversigten"), "{body}");
        assert!(
            body.contains("Person 2 (BUF/Nord/Team 2): Gennemført"),
            "{body}"
        );
        assert!(!body.contains("Fullført"), "{body}");
    }

    #[test]
    fn subtrees_follow_path_segments() {
        assert!(in_subtree("BUF/Nord", "BUF/Nord"));
        assert!(in_subtree("BUF/Nord/Team 1", "BUF/Nord"));
        assert!(!in_subtree("BUF/Nordland", "BUF/Nord"));
        assert!(!in_subtree("BUF", "BUF/Nord"));
    }
}

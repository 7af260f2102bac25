//! The texts of the service pages around the test: the administrator's start page (`/admin`),
//! the e-mail outbox (`/admin/utboks`), the audit log (`/admin/revisjon`) and the privacy
//! notice (`/personvern`), one value per language in `nb/service.rs`, `nn/service.rs` and
//! `da/service.rs`.

/// Every text of the service pages in one language.
#[derive(Debug)]
pub struct ServiceTexts {
    pub admin_home: AdminHome,
    pub outbox: Outbox,
    pub audit: AuditLog,
    pub privacy: Privacy,
}

/// `/admin`: a link to each administrative page, with what it is for.
#[derive(Debug)]
pub struct AdminHome {
    pub title: &'static str,
    /// (link text, what the page is for), in the order of the page.
    pub people: (&'static str, &'static str),
    pub roster: (&'static str, &'static str),
    pub cycles: (&'static str, &'static str),
    pub settings: (&'static str, &'static str),
    pub audit: (&'static str, &'static str),
    pub outbox: (&'static str, &'static str),
    pub reports: &'static str,
    pub bank: &'static str,
    /// That backups, retention and every admin command also work while the service runs.
    pub commands: &'static str,
    pub to_home: &'static str,
}

/// `/admin/utboks`.
#[derive(Debug)]
pub struct Outbox {
    pub title: &'static str,
    pub heading: &'static str,
    /// Queued, sending, sent, failed.
    pub counts: fn(usize, usize, usize, usize) -> String,
    pub retries: &'static str,
    pub empty: &'static str,
    pub caption: &'static str,
    pub col_status: &'static str,
    pub col_purpose: &'static str,
    pub col_to: &'static str,
    pub col_subject: &'static str,
    pub col_attempts: &'static str,
    pub col_error: &'static str,
    pub col_decided: &'static str,
    pub col_sent: &'static str,
    pub col_action: &'static str,
    pub send_again: &'static str,
    /// The button's accessible name: send again to an address.
    pub send_again_to: fn(&str) -> String,
    pub plan_heading: &'static str,
    pub plan_empty: &'static str,
    /// The dry run's caption: how many messages.
    pub plan_caption: fn(usize) -> String,
    pub queued: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub failed: &'static str,
    pub invitation: &'static str,
    pub reminder: &'static str,
    pub digest: &'static str,
    pub back: &'static str,
}

/// `/admin/revisjon`.
#[derive(Debug)]
pub struct AuditLog {
    pub title: &'static str,
    /// What the log holds, with the number of entries shown.
    pub intro: fn(usize) -> String,
    pub download: &'static str,
    pub empty: &'static str,
    pub caption: &'static str,
    pub col_time: &'static str,
    pub col_user: &'static str,
    pub col_role: &'static str,
    pub col_report: &'static str,
    pub col_cycle: &'static str,
    pub col_level: &'static str,
    pub col_topic: &'static str,
    pub col_department: &'static str,
    pub col_format: &'static str,
    /// `?format=` was neither html nor csv.
    pub bad_format: fn(&str) -> String,
    pub back: &'static str,
}

/// `/personvern`. The controller, the contact and the legal basis come from the configuration;
/// the `default_*` texts stand in where the agency has not set them.
#[derive(Debug)]
pub struct Privacy {
    pub title: &'static str,
    pub heading: &'static str,
    pub controller: fn(&str) -> String,
    pub stored_heading: &'static str,
    pub stored: [&'static str; 5],
    pub who_heading: &'static str,
    /// (who, what they see) for the person, their leader and the authors.
    pub you: (&'static str, &'static str),
    pub hr: &'static str,
    /// What HR and leaders see, with k.
    pub hr_sees: fn(usize) -> String,
    pub leader: (&'static str, &'static str),
    /// Who writes the items, and what they see (figures from at least k people).
    pub authors: (&'static str, fn(usize) -> String),
    pub kept_heading: &'static str,
    /// Personal data of the last n cycles is kept.
    pub kept_cycles: fn(usize) -> String,
    /// Kept until the agency deletes it; ask the contact.
    pub kept_until_deleted: fn(&str) -> String,
    pub basis_heading: &'static str,
    pub rights_heading: &'static str,
    /// Access, correction, whom to ask (the contact) and the supervisory authority.
    pub rights: fn(&str) -> String,
    pub to_home: &'static str,
    pub default_controller: &'static str,
    pub default_contact: &'static str,
    pub default_legal_basis: &'static str,
}

//! What can go wrong in the application, one variant per outcome the user sees differently.

use jiff::civil::Date;

use crate::bank::{Diagnostic, Problem};
use crate::store::StoreError;
use crate::text::Form;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("wrong employee id or password")]
    BadCredentials,
    #[error("too many failed logins; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("not logged in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A request the rules refuse, phrased in the reader's form by the text catalogue.
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl From<Refusal> for ServiceError {
    fn from(refusal: Refusal) -> ServiceError {
        ServiceError::Refused(refusal)
    }
}

/// A refusal a user can meet: one variant per rule, carrying what the sentence names. The
/// sentence itself is in the text catalogue ([`crate::text::refusal`]), so every language says
/// it ([`Refusal::message`]); [`Refusal::code`] is a stable machine name for API clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The cycle has not opened yet.
    CycleNotOpen {
        cycle: String,
        opens: Date,
    },
    /// The deadline has passed and the cycle does not allow late completion.
    DeadlinePassed {
        cycle: String,
        deadline: Date,
    },
    /// A started test can no longer be finished: the grace period after the deadline is over.
    GraceOver {
        cycle: String,
        deadline: Date,
    },
    /// An answer names an option the item does not have (1-based, as shown).
    NoSuchOption {
        option: usize,
    },
    /// A result was asked for before the test was finished.
    TestNotFinished,
    /// A report level outside `1..=max`.
    NoSuchLevel {
        level: usize,
        max: usize,
    },
    // Authoring.
    /// The bank's files do not load (the first errors), so authors cannot change it.
    BankHasErrors {
        errors: Vec<Diagnostic>,
    },
    /// The change fails `bank check`; every file was restored.
    WouldBreakBank {
        problems: Vec<Diagnostic>,
    },
    /// A new item asked for in a topic the bank does not have.
    UnknownTopic {
        topic: String,
    },
    /// An id that cannot name a new item file.
    BadItemId {
        id: String,
    },
    /// A review step on an item without an open change.
    NoOpenChange,
    /// A review step on a draft someone saved again since it was shown (`by`: who).
    DraftChanged {
        by: String,
    },
    /// A draft returned that is not in review.
    NotInReview,
    EmptyComment,
    /// Four eyes: an author approving a change they wrote part of.
    OwnChange,
    /// A draft approved before it was submitted for review.
    NotSubmitted,
    RetireReasonMissing,
    AlreadyRetired,
    /// An administrator tried to take the administrator role from themself.
    OwnAdminRole,
    /// An administrator tried to deactivate themself.
    DeactivateSelf,
    /// Password login is off, so no set-password links are sent.
    PasswordLinksOff,
    /// A set-password link for a deactivated person.
    PersonDeactivated,
    /// An e-mail asked to be sent again is sent or being sent.
    MessageAlreadySent,
    // Calibration
    /// A calibration job was started while one runs.
    CalibrationRunning,
    /// There is no calibration proposal to accept from.
    NoCalibrationProposal,
    /// The proposal file cannot be read (`detail`: `file:line: why`, in English).
    ProposalUnreadable {
        detail: String,
    },
    /// An accept of the proposal named no item.
    NothingChosen,
    /// An item named for acceptance is not in the current proposal (or no longer in the bank):
    /// the page was older than the last calibration.
    NotInProposal {
        item: String,
    },
    /// An item named for acceptance has no acceptable estimate in the proposal (an anchor, or
    /// a problem the proposal notes).
    NotAcceptable {
        item: String,
    },
    /// An item chosen for acceptance has fewer answers than the minimum.
    CalibrationTooFewAnswers {
        item: String,
        answers: u64,
        min: u64,
    },
}

impl Refusal {
    /// A stable machine name (the API's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::CycleNotOpen { .. } => "cycle_not_open",
            Refusal::DeadlinePassed { .. } => "deadline_passed",
            Refusal::GraceOver { .. } => "grace_period_over",
            Refusal::NoSuchOption { .. } => "no_such_option",
            Refusal::TestNotFinished => "test_not_finished",
            Refusal::NoSuchLevel { .. } => "no_such_level",
            Refusal::BankHasErrors { .. } => "bank_has_errors",
            Refusal::WouldBreakBank { .. } => "would_break_bank",
            Refusal::UnknownTopic { .. } => "unknown_topic",
            Refusal::BadItemId { .. } => "bad_item_id",
            Refusal::NoOpenChange => "no_open_change",
            Refusal::DraftChanged { .. } => "draft_changed",
            Refusal::NotInReview => "not_in_review",
            Refusal::EmptyComment => "empty_comment",
            Refusal::OwnChange => "own_change",
            Refusal::NotSubmitted => "not_submitted",
            Refusal::RetireReasonMissing => "retire_reason_missing",
            Refusal::AlreadyRetired => "already_retired",
            Refusal::OwnAdminRole => "own_admin_role",
            Refusal::DeactivateSelf => "deactivate_self",
            Refusal::PasswordLinksOff => "password_links_off",
            Refusal::PersonDeactivated => "person_deactivated",
            Refusal::MessageAlreadySent => "message_already_sent",
            // Calibration
            Refusal::CalibrationRunning => "calibration_running",
            Refusal::NoCalibrationProposal => "no_calibration_proposal",
            Refusal::ProposalUnreadable { .. } => "proposal_unreadable",
            Refusal::NothingChosen => "nothing_chosen",
            Refusal::NotInProposal { .. } => "not_in_proposal",
            Refusal::NotAcceptable { .. } => "not_acceptable",
            Refusal::CalibrationTooFewAnswers { .. } => "calibration_too_few_answers",
        }
    }

    /// The refusal as a person reading `form` is told it.
    pub fn message(&self, form: Form) -> String {
        let t = &form.texts().refusals;
        match self {
            Refusal::CycleNotOpen { cycle, opens } => (t.cycle_not_open)(cycle, &opens.to_string()),
            Refusal::DeadlinePassed { cycle, deadline } => {
                (t.deadline_passed)(cycle, &deadline.to_string())
            }
            Refusal::GraceOver { cycle, deadline } => (t.grace_over)(cycle, &deadline.to_string()),
            Refusal::NoSuchOption { option } => (t.no_such_option)(*option),
            Refusal::TestNotFinished => t.test_not_finished.to_string(),
            Refusal::NoSuchLevel { level, max } => (t.no_such_level)(*level, *max),
            Refusal::BankHasErrors { errors } => (t.bank_has_errors)(&listed(errors, form)),
            Refusal::WouldBreakBank { problems } => (t.would_break_bank)(&listed(problems, form)),
            Refusal::UnknownTopic { topic } => (t.unknown_topic)(topic),
            Refusal::BadItemId { id } => (t.bad_item_id)(id),
            Refusal::NoOpenChange => t.no_open_change.to_string(),
            Refusal::DraftChanged { by } => (t.draft_changed)(by),
            Refusal::NotInReview => t.not_in_review.to_string(),
            Refusal::EmptyComment => t.empty_comment.to_string(),
            Refusal::OwnChange => t.own_change.to_string(),
            Refusal::NotSubmitted => t.not_submitted.to_string(),
            Refusal::RetireReasonMissing => t.retire_reason_missing.to_string(),
            Refusal::AlreadyRetired => t.already_retired.to_string(),
            Refusal::OwnAdminRole => t.own_admin_role.to_string(),
            Refusal::DeactivateSelf => t.deactivate_self.to_string(),
            Refusal::PasswordLinksOff => t.password_links_off.to_string(),
            Refusal::PersonDeactivated => t.person_deactivated.to_string(),
            Refusal::MessageAlreadySent => t.message_already_sent.to_string(),
            // Calibration
            Refusal::CalibrationRunning => t.calibration_running.to_string(),
            Refusal::NoCalibrationProposal => t.no_calibration_proposal.to_string(),
            Refusal::ProposalUnreadable { detail } => (t.proposal_unreadable)(detail),
            Refusal::NothingChosen => t.nothing_chosen.to_string(),
            Refusal::NotInProposal { item } => (t.not_in_proposal)(item),
            Refusal::NotAcceptable { item } => (t.not_acceptable)(item),
            Refusal::CalibrationTooFewAnswers { item, answers, min } => {
                (t.calibration_too_few_answers)(item, *answers, *min)
            }
        }
    }

    /// One refusal of every kind (for tests of the catalogue).
    pub fn examples() -> Vec<Refusal> {
        let date = Date::constant(2026, 3, 31);
        vec![
            Refusal::CycleNotOpen {
                cycle: "Vår 2026".into(),
                opens: date,
            },
            Refusal::DeadlinePassed {
                cycle: "Vår 2026".into(),
                deadline: date,
            },
            Refusal::GraceOver {
                cycle: "Vår 2026".into(),
                deadline: date,
            },
            Refusal::NoSuchOption { option: 7 },
            Refusal::TestNotFinished,
            Refusal::NoSuchLevel { level: 5, max: 3 },
            Refusal::BankHasErrors {
                errors: vec![Diagnostic {
                    severity: crate::bank::Severity::Error,
                    path: "items/klage/kla-001.toml".into(),
                    line: 3,
                    message: Problem::EmptyStem.to_string(),
                    problem: Some(Problem::EmptyStem),
                }],
            },
            Refusal::WouldBreakBank {
                problems: vec![Diagnostic {
                    severity: crate::bank::Severity::Error,
                    path: "blueprint.toml".into(),
                    line: 7,
                    message: "topic \"klage\" has 3 active items".into(),
                    problem: None,
                }],
            },
            Refusal::UnknownTopic {
                topic: "klagx".into(),
            },
            Refusal::BadItemId { id: "../x".into() },
            Refusal::NoOpenChange,
            Refusal::DraftChanged { by: "Bea".into() },
            Refusal::NotInReview,
            Refusal::EmptyComment,
            Refusal::OwnChange,
            Refusal::NotSubmitted,
            Refusal::RetireReasonMissing,
            Refusal::AlreadyRetired,
            Refusal::OwnAdminRole,
            Refusal::DeactivateSelf,
            Refusal::PasswordLinksOff,
            Refusal::PersonDeactivated,
            Refusal::MessageAlreadySent,
            // Calibration
            Refusal::CalibrationRunning,
            Refusal::NoCalibrationProposal,
            Refusal::ProposalUnreadable {
                detail: "kalibrering.csv:3: a \"x\" is not a number".into(),
            },
            Refusal::NothingChosen,
            Refusal::NotInProposal {
                item: "kla-001".into(),
            },
            Refusal::NotAcceptable {
                item: "kla-001".into(),
            },
            Refusal::CalibrationTooFewAnswers {
                item: "kla-001".into(),
                answers: 20,
                min: 200,
            },
        ]
    }
}

/// `file:line: message; …`, each message in `form` (English where the check has no sentence in
/// the catalogue).
fn listed(diagnostics: &[Diagnostic], form: Form) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string_in(form))
        .collect::<Vec<_>>()
        .join("; ")
}

/// In English, for logs and the command line.
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::CycleNotOpen { cycle, opens } => {
                write!(f, "the cycle \"{cycle}\" opens {opens}")
            }
            Refusal::DeadlinePassed { cycle, deadline } => write!(
                f,
                "the deadline of \"{cycle}\" was {deadline}; the test cannot be started after it"
            ),
            Refusal::GraceOver { cycle, deadline } => write!(
                f,
                "the deadline of \"{cycle}\" was {deadline}, and the time to finish a started test is over"
            ),
            Refusal::NoSuchOption { option } => write!(f, "option {option} does not exist"),
            Refusal::TestNotFinished => write!(f, "the test is not finished yet"),
            Refusal::NoSuchLevel { level, max } => {
                write!(f, "level {level} does not exist (choose 1–{max})")
            }
            Refusal::BankHasErrors { errors } => {
                let list: Vec<String> = errors.iter().map(Diagnostic::to_string).collect();
                write!(
                    f,
                    "the item bank has errors and cannot be changed: {}",
                    list.join("; ")
                )
            }
            Refusal::WouldBreakBank { problems } => {
                let list: Vec<String> = problems.iter().map(Diagnostic::to_string).collect();
                write!(
                    f,
                    "the change would break the item bank, so nothing was changed: {}",
                    list.join("; ")
                )
            }
            Refusal::UnknownTopic { topic } => write!(f, "unknown topic \"{topic}\""),
            Refusal::BadItemId { id } => write!(
                f,
                "\"{id}\" cannot be an id: use lower-case letters, digits and hyphens"
            ),
            Refusal::NoOpenChange => write!(f, "the item has no open change"),
            Refusal::DraftChanged { by } => write!(
                f,
                "the draft was changed since you saw it (by {by}): look at it again"
            ),
            Refusal::NotInReview => write!(f, "the draft is not in review"),
            Refusal::EmptyComment => write!(f, "the comment is empty"),
            Refusal::OwnChange => write!(
                f,
                "you cannot approve a change you wrote: another author must approve it"
            ),
            Refusal::NotSubmitted => {
                write!(
                    f,
                    "the draft must be sent to review before it can be approved"
                )
            }
            Refusal::RetireReasonMissing => write!(f, "say why the item is to be retired"),
            Refusal::AlreadyRetired => write!(f, "the item is retired already"),
            Refusal::OwnAdminRole => {
                write!(f, "you cannot take the administrator role from yourself")
            }
            Refusal::DeactivateSelf => write!(f, "you cannot deactivate yourself"),
            Refusal::PasswordLinksOff => {
                write!(
                    f,
                    "password login is switched off; no password links are sent"
                )
            }
            Refusal::PersonDeactivated => write!(f, "the person is deactivated; reactivate first"),
            Refusal::MessageAlreadySent => write!(f, "the message is sent or being sent"),
            // Calibration
            Refusal::CalibrationRunning => {
                write!(f, "a calibration is running; wait until it has finished")
            }
            Refusal::NoCalibrationProposal => write!(f, "there is no calibration proposal"),
            Refusal::ProposalUnreadable { detail } => {
                write!(f, "the calibration proposal cannot be read: {detail}")
            }
            Refusal::NothingChosen => write!(f, "no items are chosen"),
            Refusal::NotInProposal { item } => {
                write!(f, "{item} is not in the current calibration proposal")
            }
            Refusal::NotAcceptable { item } => {
                write!(f, "{item} has no acceptable estimate in the proposal")
            }
            Refusal::CalibrationTooFewAnswers { item, answers, min } => write!(
                f,
                "{item} has only {answers} answers; new parameters can be accepted from {min}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of refusal is among the examples, has a unique code and a non-empty sentence
    /// in every language, and the languages differ.
    #[test]
    fn every_refusal_is_phrased_in_every_language_with_a_unique_code() {
        let examples = Refusal::examples();
        // The match is exhaustive: a new variant must be given an index here, and then an
        // example, or the coverage check fails.
        let index = |r: &Refusal| match r {
            Refusal::CycleNotOpen { .. } => 0,
            Refusal::DeadlinePassed { .. } => 1,
            Refusal::GraceOver { .. } => 2,
            Refusal::NoSuchOption { .. } => 3,
            Refusal::TestNotFinished => 4,
            Refusal::NoSuchLevel { .. } => 5,
            Refusal::BankHasErrors { .. } => 11,
            Refusal::WouldBreakBank { .. } => 12,
            Refusal::UnknownTopic { .. } => 13,
            Refusal::BadItemId { .. } => 14,
            Refusal::NoOpenChange => 15,
            Refusal::DraftChanged { .. } => 16,
            Refusal::NotInReview => 17,
            Refusal::EmptyComment => 18,
            Refusal::OwnChange => 19,
            Refusal::NotSubmitted => 20,
            Refusal::RetireReasonMissing => 21,
            Refusal::AlreadyRetired => 22,
            Refusal::OwnAdminRole => 6,
            Refusal::DeactivateSelf => 7,
            Refusal::PasswordLinksOff => 8,
            Refusal::PersonDeactivated => 9,
            Refusal::MessageAlreadySent => 10,
            // Calibration
            Refusal::CalibrationRunning => 23,
            Refusal::NoCalibrationProposal => 24,
            Refusal::CalibrationTooFewAnswers { .. } => 25,
            Refusal::NothingChosen => 26,
            Refusal::NotInProposal { .. } => 27,
            Refusal::NotAcceptable { .. } => 28,
            Refusal::ProposalUnreadable { .. } => 29,
        };
        let mut covered: Vec<usize> = examples.iter().map(index).collect();
        covered.sort_unstable();
        assert_eq!(
            covered,
            (0..=29).collect::<Vec<_>>(),
            "one example per variant"
        );
        let mut codes: Vec<&str> = examples.iter().map(Refusal::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), examples.len(), "codes are unique: {codes:?}");
        for r in &examples {
            assert!(
                r.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                r.code()
            );
            let [nb, nn, da] = Form::ALL.map(|form| r.message(form));
            for (form, m) in Form::ALL.iter().zip([&nb, &nn, &da]) {
                assert!(!m.trim().is_empty(), "{form} {}: empty", r.code());
            }
            assert_ne!(nb, da, "{}: Danish is not bokmål", r.code());
            assert_ne!(nn, da, "{}: Danish is not nynorsk", r.code());
            assert_ne!(nb, nn, "{}: nynorsk is not bokmål", r.code());
        }
    }

    #[test]
    fn refusals_name_what_they_are_about() {
        let deadline = Refusal::DeadlinePassed {
            cycle: "Høst".into(),
            deadline: Date::constant(2026, 1, 2),
        };
        for form in Form::ALL {
            let m = deadline.message(form);
            assert!(
                m.contains("«Høst»") && m.contains("2026-01-02"),
                "{form}: {m}"
            );
        }
        assert_eq!(
            deadline.message(Form::Nb),
            "Fristen for «Høst» var 2026-01-02. Testen kan ikke startes etter fristen."
        );
        let level = Refusal::NoSuchLevel { level: 5, max: 3 };
        for form in Form::ALL {
            assert!(level.message(form).contains("1–3"), "{form}");
        }
    }
}

//! What can go wrong in the application, one variant per outcome the user sees differently.

use jiff::civil::Date;

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
    /// A refusal still phrased in bokmål where it is raised (authoring only, until it gets
    /// typed refusals too). New code uses [`ServiceError::Refused`].
    #[error("{0}")]
    Invalid(String),
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
    CycleNotOpen { cycle: String, opens: Date },
    /// The deadline has passed and the cycle does not allow late completion.
    DeadlinePassed { cycle: String, deadline: Date },
    /// A started test can no longer be finished: the grace period after the deadline is over.
    GraceOver { cycle: String, deadline: Date },
    /// An answer names an option the item does not have (1-based, as shown).
    NoSuchOption { option: usize },
    /// A result was asked for before the test was finished.
    TestNotFinished,
    /// A report level outside `1..=max`.
    NoSuchLevel { level: usize, max: usize },
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
            Refusal::OwnAdminRole => "own_admin_role",
            Refusal::DeactivateSelf => "deactivate_self",
            Refusal::PasswordLinksOff => "password_links_off",
            Refusal::PersonDeactivated => "person_deactivated",
            Refusal::MessageAlreadySent => "message_already_sent",
            // Calibration
            Refusal::CalibrationRunning => "calibration_running",
            Refusal::NoCalibrationProposal => "no_calibration_proposal",
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
            Refusal::OwnAdminRole => t.own_admin_role.to_string(),
            Refusal::DeactivateSelf => t.deactivate_self.to_string(),
            Refusal::PasswordLinksOff => t.password_links_off.to_string(),
            Refusal::PersonDeactivated => t.person_deactivated.to_string(),
            Refusal::MessageAlreadySent => t.message_already_sent.to_string(),
            // Calibration
            Refusal::CalibrationRunning => t.calibration_running.to_string(),
            Refusal::NoCalibrationProposal => t.no_calibration_proposal.to_string(),
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
            Refusal::OwnAdminRole,
            Refusal::DeactivateSelf,
            Refusal::PasswordLinksOff,
            Refusal::PersonDeactivated,
            Refusal::MessageAlreadySent,
            // Calibration
            Refusal::CalibrationRunning,
            Refusal::NoCalibrationProposal,
            Refusal::CalibrationTooFewAnswers {
                item: "kla-001".into(),
                answers: 20,
                min: 200,
            },
        ]
    }
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
            Refusal::OwnAdminRole => 6,
            Refusal::DeactivateSelf => 7,
            Refusal::PasswordLinksOff => 8,
            Refusal::PersonDeactivated => 9,
            Refusal::MessageAlreadySent => 10,
            // Calibration
            Refusal::CalibrationRunning => 11,
            Refusal::NoCalibrationProposal => 12,
            Refusal::CalibrationTooFewAnswers { .. } => 13,
        };
        let mut covered: Vec<usize> = examples.iter().map(index).collect();
        covered.sort_unstable();
        assert_eq!(
            covered,
            (0..=13).collect::<Vec<_>>(),
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

//! The sentences of refusals ([`crate::app::Refusal`]) and of roster row problems
//! ([`crate::app::roster::RowProblem`]), one value per language in `nb/refusal.rs`,
//! `nn/refusal.rs` and `da/refusal.rs`. Names and dates are passed in as text.

/// Every refusal sentence in one language.
#[derive(Debug)]
pub struct Refusals {
    /// Cycle name, opening date.
    pub cycle_not_open: fn(&str, &str) -> String,
    /// Cycle name, deadline.
    pub deadline_passed: fn(&str, &str) -> String,
    /// Cycle name, deadline.
    pub grace_over: fn(&str, &str) -> String,
    /// The option's number as shown (1-based).
    pub no_such_option: fn(usize) -> String,
    pub test_not_finished: &'static str,
    /// The level asked for, the deepest level.
    pub no_such_level: fn(usize, usize) -> String,
    pub own_admin_role: &'static str,
    pub deactivate_self: &'static str,
    pub password_links_off: &'static str,
    pub person_deactivated: &'static str,
    pub message_already_sent: &'static str,
    pub rows: RowTexts,
    // Calibration
    pub calibration_running: &'static str,
    pub no_calibration_proposal: &'static str,
    /// Item id, its answers, the minimum.
    pub calibration_too_few_answers: fn(&str, u64, u64) -> String,
}

/// Problems with one row of a roster.
#[derive(Debug)]
pub struct RowTexts {
    /// The CSV reader's own (English) explanation.
    pub unreadable: fn(&str) -> String,
    pub missing_column: fn(&str) -> String,
    pub empty_employee_id: &'static str,
    pub employee_id_space: fn(&str) -> String,
    /// Employee id, the line it first appeared on.
    pub duplicate_employee_id: fn(&str, u64) -> String,
    pub empty_name: &'static str,
    pub bad_email: fn(&str) -> String,
    pub empty_department: &'static str,
    pub department_empty_part: fn(&str) -> String,
    pub bad_role: fn(&str) -> String,
    /// The `leads` column, and its problem.
    pub leads: fn(&str) -> String,
    pub bad_malform: fn(&str) -> String,
}

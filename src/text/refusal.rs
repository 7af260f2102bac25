//! The sentences of refusals ([`crate::app::Refusal`]), of the item checks an author meets in
//! the editor ([`crate::bank::Problem`]) and of roster row problems
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
    // Authoring.
    /// The bank's files have errors (`file:line: message; …`), so it is not changed.
    pub bank_has_errors: fn(&str) -> String,
    /// The change would break the bank (`file:line: message; …`); nothing was changed.
    pub would_break_bank: fn(&str) -> String,
    /// The topic id typed.
    pub unknown_topic: fn(&str) -> String,
    /// The id asked for.
    pub bad_item_id: fn(&str) -> String,
    pub no_open_change: &'static str,
    /// Who saved the draft last.
    pub draft_changed: fn(&str) -> String,
    pub not_in_review: &'static str,
    pub empty_comment: &'static str,
    pub own_change: &'static str,
    pub not_submitted: &'static str,
    pub retire_reason_missing: &'static str,
    pub already_retired: &'static str,
    /// The checks of one item, at the editor's fields.
    pub problems: ProblemTexts,
    pub own_admin_role: &'static str,
    pub deactivate_self: &'static str,
    pub password_links_off: &'static str,
    pub person_deactivated: &'static str,
    pub message_already_sent: &'static str,
    pub rows: RowTexts,
    // Calibration
    pub calibration_running: &'static str,
    pub no_calibration_proposal: &'static str,
    pub nothing_chosen: &'static str,
    /// The item id.
    pub not_in_proposal: fn(&str) -> String,
    /// The item id.
    pub not_acceptable: fn(&str) -> String,
    /// Item id, its answers, the minimum.
    pub calibration_too_few_answers: fn(&str, u64, u64) -> String,
}

/// The item checks of `bank check` ([`crate::bank::Problem`]). Letters, dates and numbers as
/// written in the file.
#[derive(Debug)]
pub struct ProblemTexts {
    pub id_invalid: fn(&str) -> String,
    pub id_not_file_name: fn(&str) -> String,
    pub unknown_topic: fn(&str) -> String,
    pub topic_folder: fn(&str) -> String,
    pub bad_status: fn(&str) -> String,
    pub bad_reviewed: &'static str,
    pub reviewed_in_future: fn(&str) -> String,
    /// Date last reviewed, the review interval in days.
    pub review_due: fn(&str, u32) -> String,
    pub empty_stem: &'static str,
    pub empty_explanation: &'static str,
    /// The number of options found.
    pub option_count: fn(usize) -> String,
    /// The option's letter.
    pub empty_option: fn(&str) -> String,
    pub repeated_option: fn(&str) -> String,
    /// The key as written, the last option's letter.
    pub key_not_an_option: fn(&str, &str) -> String,
    /// The key's length and the next longest option's, in characters.
    pub key_longest: fn(usize, usize) -> String,
    pub no_references: &'static str,
    pub reference_shape: fn(&str) -> String,
    /// The reference, its section.
    pub reference_section: fn(&str, &str) -> String,
    /// The act, the acts `laws.toml` lists (comma-separated).
    pub unknown_act: fn(&str, &str) -> String,
    /// The act, its Lovdata id.
    pub repealed_act: fn(&str, &str) -> String,
    pub successor_act_not_in_force: fn(&str) -> String,
    pub in_force_under_future: fn(&str) -> String,
    pub not_yet_in_force: fn(&str) -> String,
    /// The reference, an example written the Danish way.
    pub danish_detail: fn(&str, &str) -> String,
    /// "act § n", its number of ledd, whether the unit is the Danish "stk.".
    pub ledd_missing: fn(&str, u32, bool) -> String,
    /// The reference, the ledd cited, "act § n", its number of ledd, Danish "stk.".
    pub ledd_beyond: fn(&str, u32, &str, u32, bool) -> String,
    pub future_change_empty: &'static str,
    pub future_change_without_references: &'static str,
    /// The parameter's name, its value, the range ("[0.2, 4]").
    pub parameter_out_of_range: fn(&str, &str, &str) -> String,
    /// c, the number of options.
    pub guessing_high: fn(&str, usize) -> String,
    pub expert_takes_no_calibration: &'static str,
    pub calibrated_incomplete: &'static str,
    pub bad_source: fn(&str) -> String,
    pub expert_parameters: &'static str,
    pub nynorsk_missing: &'static str,
    pub nynorsk_not_norwegian: &'static str,
    pub nn_empty_stem: &'static str,
    pub nn_empty_explanation: &'static str,
    /// The `[nn]` table's number of options, the item's.
    pub nn_option_count: fn(usize, usize) -> String,
    pub nn_empty_option: fn(&str) -> String,
    pub nn_repeated_option: fn(&str) -> String,
    pub nn_key_longest: fn(usize, usize) -> String,
    pub own_successor: &'static str,
    pub unknown_successor: fn(&str) -> String,
    /// The id, the other file that has it.
    pub duplicate_id: fn(&str, &str) -> String,
    pub own_enemy: &'static str,
    pub unknown_enemy: fn(&str) -> String,
    pub successor_missing: fn(&str) -> String,
    /// Topic, its active items, the bank's minimum.
    pub topic_below_minimum: fn(&str, usize, usize) -> String,
    /// Topic, its active items, the most a test takes from it.
    pub topic_below_max: fn(&str, usize, usize) -> String,
    pub answered_keeps_topic: &'static str,
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

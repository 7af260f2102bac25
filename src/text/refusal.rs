//! The sentences of refusals ([`crate::app::Refusal`]), of the bank checks an author meets in
//! the editor and the bank-errors list ([`crate::bank::Problem`]) and of roster row problems
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
    /// The proposal file's problem (`file:line: why`, in English).
    pub proposal_unreadable: fn(&str) -> String,
    pub nothing_chosen: &'static str,
    /// The item id.
    pub not_in_proposal: fn(&str) -> String,
    /// The item id.
    pub not_acceptable: fn(&str) -> String,
    /// Item id, its answers, the minimum.
    pub calibration_too_few_answers: fn(&str, u64, u64) -> String,
}

/// The checks of `bank check` ([`crate::bank::Problem`]): an item's, then the bank's other files'.
/// Letters, dates and numbers as written in the file.
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

    // The bank's other files. A `detail` is another library's English sentence, quoted.
    pub not_utf8: &'static str,
    pub cannot_read_file: fn(&str) -> String,
    pub cannot_read_folder: fn(&str) -> String,
    pub toml_syntax: fn(&str) -> String,
    /// The field, the fields the file may have (comma-separated), if the parser said.
    pub unknown_field: fn(&str, Option<&str>) -> String,
    pub missing_field: fn(&str) -> String,
    // laws.toml
    pub act_listed_twice: fn(&str) -> String,
    /// The act, the section as written under its `ledd`.
    pub laws_ledd_section: fn(&str, &str) -> String,
    /// The act, the section.
    pub laws_ledd_zero: fn(&str, &str) -> String,
    /// The act, the address as written.
    pub laws_url: fn(&str, &str) -> String,
    /// The act, the act it names under `replaces`.
    pub replaces_unknown: fn(&str, &str) -> String,
    // blueprint.toml
    pub blueprint_topic_twice: fn(&str) -> String,
    pub blueprint_no_topics: &'static str,
    /// The topic's place in the blueprint (from 0), its minimum, its maximum.
    pub blueprint_topic_range: fn(usize, usize, usize) -> String,
    /// min_items, max_items.
    pub blueprint_length: fn(usize, usize) -> String,
    /// The topics' minimums added up, max_items.
    pub blueprint_minimums: fn(usize, usize) -> String,
    /// The value as written.
    pub se_target: fn(&str) -> String,
    pub max_exposure: fn(&str) -> String,
    pub pretest_target: &'static str,
    pub unknown_jurisdiction: fn(&str) -> String,
    /// The language code written, whether the jurisdiction is Danish, the code it needs.
    pub language_not_jurisdiction: fn(&str, bool, &str) -> String,
    /// The form's code, the bank's language code.
    pub form_not_for_bank: fn(&str, &str) -> String,
    pub unknown_form: fn(&str) -> String,
    // Topic files
    /// The topic, the file it needs.
    pub topic_file_missing: fn(&str, &str) -> String,
    pub no_reflection: &'static str,
    pub topic_not_in_blueprint: fn(&str) -> String,
    pub topic_nynorsk_missing: &'static str,
    pub topic_nn_empty_name: &'static str,
    pub topic_nn_empty_description: &'static str,
    /// Reflection questions in `[nn]`, in the topic.
    pub topic_nn_reflection_count: fn(usize, usize) -> String,
    /// The question's number (from 1).
    pub topic_nn_reflection_empty: fn(usize) -> String,
    // exposure.csv
    pub csv_no_rows: &'static str,
    /// The column, the columns the file needs.
    pub csv_missing_column: fn(&str, &str) -> String,
    pub csv_unreadable: fn(&str) -> String,
    /// k as written.
    pub exposure_k: fn(&str) -> String,
    /// The item id.
    pub exposure_not_active: fn(&str) -> String,
    pub exposure_unknown_item: fn(&str) -> String,
    /// Active items without a row.
    pub exposure_missing: fn(usize) -> String,
    // law-changes.toml
    /// The section as written.
    pub change_section: fn(&str) -> String,
    /// The ledd, "act § n", the section's number of ledd.
    pub change_ledd_beyond: fn(i64, &str, u32) -> String,
    pub change_ledd_from_one: fn(i64) -> String,
    pub change_date: &'static str,
    /// The date.
    pub change_in_future: fn(&str) -> String,
    /// "act § n", the date.
    pub change_twice: fn(&str, &str) -> String,
    /// Last reviewed, the changed sections ("act § n") with the day each changed.
    pub cites_changed_section: fn(&str, &[(String, String)]) -> String,
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

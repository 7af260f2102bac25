//! The texts of the report pages: HR's pages (`/hr`, the drill-down, completion, the printable
//! follow-up plan), the unit leaders' pages (`/leder`) and the completion certificate
//! (`/bevis/{test}`), one value per language in `nb/hr.rs`, `nn/hr.rs` and `da/hr.rs`.
//!
//! # One vocabulary
//! The words for a difference ([`Bands`]) are the ones every report view and export uses, and a
//! word never claims more than its 95 % interval shows (see [`crate::report::Band`] and
//! `Band::consistent_with`): "clearly weaker" only for a flagged cell, "weaker, but not certain
//! enough" when the interval lies below but the correction for many comparisons does not keep
//! it, "perhaps" and "no clear difference" only when the interval contains the reference,
//! "stronger" only when it lies wholly above. Each language keeps that ladder.
//!
//! Percentages arrive formatted ("62 %"), as do signed numbers ("−0,42").

use crate::report::Band;
use crate::report::summary::Question;

/// Every text of the report pages in one language.
#[derive(Debug)]
pub struct ReportTexts {
    pub bands: Bands,
    pub hr: Hr,
    pub leader: Leader,
    pub certificate: Certificate,
}

/// The words of the six bands (`Band` order: clearly below, below, possibly below, no clear
/// difference, possibly above, clearly above).
#[derive(Debug)]
pub struct Bands {
    /// Against the department's own level in its other topics.
    pub relative: [&'static str; 6],
    /// Against the organisation.
    pub absolute: [&'static str; 6],
    /// The short label of a heatmap cell (the colour is never the only information).
    pub short: [&'static str; 6],
}

impl Bands {
    /// The words of `band` for a comparison asked by `question`.
    pub fn words(&self, band: Band, question: Question) -> &'static str {
        match question {
            Question::Relative => self.relative[index(band)],
            Question::Absolute => self.absolute[index(band)],
        }
    }

    /// The short label of `band` in a heatmap cell.
    pub fn short(&self, band: Band) -> &'static str {
        self.short[index(band)]
    }
}

fn index(band: Band) -> usize {
    match band {
        Band::ClearlyBelow => 0,
        Band::Below => 1,
        Band::PossiblyBelow => 2,
        Band::NoClearDifference => 3,
        Band::PossiblyAbove => 4,
        Band::ClearlyAbove => 5,
    }
}

/// HR's pages: `/hr`, `/hr/tema/{topic}`, `/hr/gjennomforing`, `/hr/oppfolging`.
#[derive(Debug)]
pub struct Hr {
    // Shared by the pages.
    /// A cell hidden to protect individuals (table cells, tooltips, the drill-down).
    pub suppressed: &'static str,
    /// The same, in a heatmap cell.
    pub suppressed_short: &'static str,
    pub back_to_report: &'static str,
    /// "Last ned som " before the download links.
    pub download_as: &'static str,
    /// Between the last two download links.
    pub or: &'static str,
    /// The link to CSV for the local Excel (semicolons, decimal comma).
    pub csv_excel: &'static str,
    pub xlsx: &'static str,
    pub no_groups: &'static str,
    pub no_cycles: &'static str,
    pub no_caseworkers: &'static str,
    /// A person or row without a department.
    pub no_department: &'static str,
    pub col_department: &'static str,
    pub col_topic: &'static str,
    pub col_people: &'static str,
    /// "Syklus " before a cycle's name in bold.
    pub cycle_lead: &'static str,
    // The selector.
    pub label_cycle: &'static str,
    pub label_level: &'static str,
    /// "Nivå 2".
    pub level_option: fn(usize) -> String,
    /// After level 1.
    pub top_level: &'static str,
    pub label_statistic: &'static str,
    pub statistic_relative: &'static str,
    pub statistic_absolute: &'static str,
    pub show: &'static str,
    // The `/hr` page.
    pub title: &'static str,
    pub heatmap_heading: &'static str,
    pub table_heading: &'static str,
    pub table_intro: &'static str,
    pub completion_heading: &'static str,
    pub completion_link: &'static str,
    /// ". Last ned som " after the completion link.
    pub then_download_as: &'static str,
    pub names_for_follow_up: &'static str,
    pub follow_up_heading: &'static str,
    pub plan_link_print: &'static str,
    // What to act on first.
    pub act_heading: &'static str,
    pub nothing_flagged: &'static str,
    pub worth_a_look: &'static str,
    /// The link to a topic's drill-down.
    pub what_pulls_down: fn(&str) -> String,
    pub plan_link: &'static str,
    /// Department, flagged topics, shown topics, mean share, the organisation's mean share.
    pub department_action: fn(&str, usize, usize, &str, &str) -> String,
    /// Department, topic, words, share, expected share, also flagged against the organisation.
    pub relative_action: fn(&str, &str, &str, &str, &str, bool) -> String,
    /// Department, topic, words, share, the organisation's share.
    pub absolute_action: fn(&str, &str, &str, &str, &str) -> String,
    /// Department, topic, words, share, expected share: a cell worth a look (not flagged).
    pub look: fn(&str, &str, &str, &str, &str) -> String,
    // The power of the report.
    /// Median people of a cell.
    pub power_lead: fn(usize) -> String,
    /// A gap in percentage points.
    pub points: fn(f64) -> String,
    pub power_middle: &'static str,
    pub power_tail: &'static str,
    // Why a cell is flagged.
    pub why_summary: &'static str,
    pub why_percent: &'static str,
    pub why_relative_label: &'static str,
    pub why_relative: &'static str,
    pub why_absolute_label: &'static str,
    pub why_absolute: &'static str,
    /// Departments, topics, the false-flag rate relative and absolute in percent.
    pub why_flag: fn(usize, usize, f64, f64) -> String,
    pub why_words: &'static str,
    /// After the cycle's name: level, k.
    pub explanation: fn(usize, usize) -> String,
    /// Answers to changed items left out.
    pub skipped: fn(usize) -> String,
    // The heatmap.
    pub heatmap_label: &'static str,
    pub heatmap_relative: &'static str,
    pub heatmap_absolute: &'static str,
    /// "Varmekart: " and what it colours.
    pub heatmap_title: fn(&str) -> String,
    pub heatmap_desc: &'static str,
    /// People and answers of a cell.
    pub cell_counts: fn(usize, usize) -> String,
    /// The legend, with k.
    pub legend: fn(usize) -> String,
    // Comparisons.
    /// Words, share, expected share: the relative comparison in percent.
    pub relative_text: fn(&str, &str, &str) -> String,
    /// Words, share, the organisation's share.
    pub absolute_text: fn(&str, &str, &str) -> String,
    /// Words, difference, low, high: a comparison in logits.
    pub logits: fn(&str, &str, &str, &str) -> String,
    /// Change, low, high in percentage points.
    pub trend: fn(&str, &str, &str) -> String,
    // The topic table.
    /// Cycle, level.
    pub table_caption: fn(&str, usize) -> String,
    pub col_level: &'static str,
    pub col_relative: &'static str,
    pub col_absolute: &'static str,
    pub col_people_answers: &'static str,
    pub col_raw: &'static str,
    /// The previous cycle's name.
    pub col_change: fn(&str) -> String,
    pub previous_cycle: &'static str,
    pub weak_mark: &'static str,
    // The details in logits.
    pub details_summary: &'static str,
    pub details_intro: &'static str,
    pub details_caption: &'static str,
    pub col_relative_logit: &'static str,
    pub col_absolute_logit: &'static str,
    // Completion.
    pub completion_title: &'static str,
    /// Cycle.
    pub completion_caption: fn(&str) -> String,
    pub col_due: &'static str,
    pub col_in_progress: &'static str,
    pub col_completed: &'static str,
    pub col_overdue: &'static str,
    pub col_upcoming: &'static str,
    pub col_total: &'static str,
    pub download_table_as: &'static str,
    pub names_lead: &'static str,
    pub names_heading: &'static str,
    pub names_intro: &'static str,
    /// Cycle.
    pub names_caption: fn(&str) -> String,
    pub col_name: &'static str,
    pub col_employee_id: &'static str,
    pub col_status: &'static str,
    /// Completed, in progress, overdue, upcoming, due (not started).
    pub statuses: [&'static str; 5],
    // The follow-up plan.
    pub plan_title: &'static str,
    /// k.
    pub plan_intro: fn(usize) -> String,
    pub plan_too_few: &'static str,
    pub plan_none_below: &'static str,
    pub plan_clearly_weak: &'static str,
    /// Words, share, expected share.
    pub plan_shares: fn(&str, &str, &str) -> String,
    pub reflection: &'static str,
    /// Hidden topics, k.
    pub plan_suppressed: fn(usize, usize) -> String,
    // The drill-down.
    /// Section, case type, item.
    pub kinds: [&'static str; 3],
    /// After the cycle's name: level, k.
    pub drill_intro: fn(usize, usize) -> String,
    /// The deadline's date.
    pub drill_waiting: fn(&str) -> String,
    /// After `suppressed`: k.
    pub drill_suppressed: fn(usize) -> String,
    pub drill_none: fn(usize) -> String,
    /// Topic, department.
    pub drill_caption: fn(&str, &str) -> String,
    pub col_kind: &'static str,
    pub col_key: &'static str,
    pub col_items: &'static str,
    pub col_answers: &'static str,
    pub col_share_correct: &'static str,
    pub col_observed: &'static str,
    /// Hidden items, k.
    pub drill_hidden: fn(usize, usize) -> String,
    // Refused requests.
    /// The parameter that is not a number.
    pub err_number: fn(&str) -> String,
    pub err_format: fn(&str) -> String,
    pub err_statistic: fn(&str) -> String,
    pub err_page_format: &'static str,
    pub err_no_department: &'static str,
}

/// A unit leader's pages (`/leder`, `/leder/rapport`).
#[derive(Debug)]
pub struct Leader {
    /// Completed, in progress, not started, overdue, not opened yet.
    pub statuses: [&'static str; 5],
    pub label_cycle: &'static str,
    /// Cycle, deadline.
    pub cycle_option: fn(&str, &str) -> String,
    pub show: &'static str,
    pub title: &'static str,
    /// The unit.
    pub heading: fn(&str) -> String,
    /// The leader's whole unit.
    pub back_to: fn(&str) -> String,
    /// Cycle.
    pub completion_heading: fn(&str) -> String,
    /// Completed, total, in progress, not started, overdue, deadline.
    pub counts: fn(usize, usize, usize, usize, usize, &str) -> String,
    pub privacy: &'static str,
    pub report_link: &'static str,
    pub report_link_tail: &'static str,
    pub no_people: &'static str,
    /// Unit.
    pub people_caption: fn(&str) -> String,
    pub col_name: &'static str,
    pub col_department: &'static str,
    pub col_status: &'static str,
    pub col_certificate: &'static str,
    /// The person's name.
    pub certificate_for: fn(&str) -> String,
    pub no_cycles: &'static str,
    pub report_title: &'static str,
    /// Unit, cycle.
    pub report_heading: fn(&str, &str) -> String,
    /// k.
    pub report_intro: fn(usize) -> String,
    pub not_published: fn(usize) -> String,
    /// Unit.
    pub topics_caption: fn(&str) -> String,
    pub col_topic: &'static str,
    pub col_people: &'static str,
    pub col_relative: &'static str,
    pub col_absolute: &'static str,
    /// k.
    pub hidden: fn(usize) -> String,
    pub back_to_completion: &'static str,
    /// The cycle parameter that is not a number.
    pub err_cycle: fn(&str) -> String,
}

/// The printable completion certificate.
#[derive(Debug)]
pub struct Certificate {
    pub title: &'static str,
    pub confirms: &'static str,
    pub name: &'static str,
    pub employee_id: &'static str,
    pub unit: &'static str,
    pub cycle: &'static str,
    pub completed: &'static str,
    pub has_completed: &'static str,
    pub print: &'static str,
}

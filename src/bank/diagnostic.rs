//! Problems found in the bank, each pointing at a file and line.
//!
//! A diagnostic carries the English sentence `bank check` prints and the typed [`Problem`]
//! behind it, which the text catalogue phrases in every language ([`Problem::message`]): the
//! checks of one item (the ones an author meets at the editor's fields) and those of
//! `laws.toml`, the blueprint, topic files, `exposure.csv`, `law-changes.toml`, file I/O and TOML
//! syntax. Where the sentence quotes another library (the TOML parser, the CSV reader, the
//! operating system), that library's own English words are quoted as they are.

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::interchange::CsvProblem;
use crate::text::Form;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where it is and what is wrong, printed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// In English, as `bank check` prints it.
    pub message: String,
    /// The problem behind `message` (`None` only for diagnostics made outside `bank check`).
    pub problem: Option<Problem>,
}

impl Diagnostic {
    /// The message in `form`: the problem's sentence, or the English message if it has none.
    pub fn message_in(&self, form: Form) -> String {
        self.problem
            .as_ref()
            .map_or_else(|| self.message.clone(), |p| p.message(form))
    }

    /// `file:line: message`, the message in `form`.
    pub fn to_string_in(&self, form: Form) -> String {
        format!(
            "{}:{}: {}",
            self.path.display(),
            self.line,
            self.message_in(form)
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Collects diagnostics for one source file, turning byte offsets into line numbers.
pub(crate) struct FileReport<'a> {
    path: &'a Path,
    source: &'a str,
    out: &'a mut Vec<Diagnostic>,
    errors: usize,
}

impl<'a> FileReport<'a> {
    pub fn new(path: &'a Path, source: &'a str, out: &'a mut Vec<Diagnostic>) -> FileReport<'a> {
        FileReport {
            path,
            source,
            out,
            errors: 0,
        }
    }

    pub fn error(&mut self, offset: usize, problem: Problem) {
        self.errors += 1;
        self.push(Severity::Error, offset, problem);
    }

    pub fn warning(&mut self, offset: usize, problem: Problem) {
        self.push(Severity::Warning, offset, problem);
    }

    /// Errors reported through this value so far.
    pub fn errors(&self) -> usize {
        self.errors
    }

    fn push(&mut self, severity: Severity, offset: usize, problem: Problem) {
        let line = line_of(self.source, offset);
        self.out.push(Diagnostic {
            severity,
            path: self.path.to_path_buf(),
            line,
            message: problem.to_string(),
            problem: Some(problem),
        });
    }
}

/// 1-based line number of byte `offset` in `source`. The end of a file that ends with a newline
/// (where a parser reports a value cut off) is its last line, not the empty one after it that no
/// editor shows.
pub fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    let newlines = source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    if end > 0 && end == source.len() && source.ends_with('\n') {
        newlines
    } else {
        newlines + 1
    }
}

/// A parse error from the toml crate as a diagnostic: its message's first line, at its span.
pub(crate) fn toml_error(report: &mut FileReport<'_>, error: &toml::de::Error) {
    let offset = error.span().map_or(0, |span| span.start);
    let detail = error
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim()
        .to_string();
    report.error(offset, toml_problem(detail));
}

/// The toml crate's (serde's) sentence typed where it names a field: "unknown field `x`,
/// expected one of `a`, `b`" and "missing field `x`"; any other as TOML syntax.
fn toml_problem(detail: String) -> Problem {
    let quoted = |text: &str| -> Option<(String, String)> {
        let text = text.strip_prefix('`')?;
        let end = text.find('`')?;
        Some((text[..end].to_string(), text[end + 1..].to_string()))
    };
    if let Some((field, rest)) = detail.strip_prefix("unknown field ").and_then(quoted) {
        let allowed = rest
            .strip_prefix(", expected one of ")
            .or_else(|| rest.strip_prefix(", expected "))
            .map(|list| list.replace('`', ""));
        return Problem::UnknownField {
            field,
            allowed,
            detail,
        };
    }
    if let Some((field, rest)) = detail.strip_prefix("missing field ").and_then(quoted)
        && rest.is_empty()
    {
        return Problem::MissingField { field, detail };
    }
    Problem::TomlSyntax { detail }
}

/// A problem of `exposure.csv` found by the CSV reader ([`crate::interchange::read_exposure`]) as
/// the bank's: typed where the bank has a problem of its own, else (the CSV library's
/// sentences) as unreadable with the reader's sentence. Each prints what the reader's problem
/// prints, so `bank check` says the same.
pub(crate) fn exposure_problem(problem: CsvProblem) -> Problem {
    match problem {
        CsvProblem::CannotRead(detail) => Problem::CannotReadFile { detail },
        CsvProblem::NoRows => Problem::CsvNoRows,
        CsvProblem::MissingColumn { column, need } => Problem::CsvMissingColumn { column, need },
        CsvProblem::ExposureK { value } => Problem::ExposureK { value },
        other => Problem::CsvUnreadable {
            detail: other.to_string(),
        },
    }
}

/// A problem `bank check` can find, with what its sentence names: first the checks of one item,
/// then those of the bank's other files. The English sentence (`bank check`'s) is the `Display`;
/// [`Problem::message`] says it in a reader's language through the text catalogue
/// ([`crate::text::refusal::ProblemTexts`]); [`Problem::code`] is a stable name. A `detail` is
/// another library's English sentence, quoted as it is in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The id has characters other than letters, digits, - and _ (or is empty).
    IdInvalid {
        id: String,
    },
    /// The id is not the file's name.
    IdNotFileName {
        id: String,
    },
    UnknownTopic {
        topic: String,
    },
    /// The file is not in the topic's folder (a warning).
    TopicFolder {
        topic: String,
    },
    BadStatus {
        status: String,
    },
    BadReviewed,
    ReviewedInFuture {
        date: Date,
    },
    /// Last reviewed longer ago than the blueprint's review interval.
    ReviewDue {
        date: Date,
        days: u32,
    },
    EmptyStem,
    EmptyExplanation,
    /// Not 3 to 5 options.
    OptionCount {
        found: usize,
    },
    EmptyOption {
        letter: char,
    },
    RepeatedOption {
        letter: char,
    },
    /// The key is no option's letter; `last` is the last option's.
    KeyNotAnOption {
        key: String,
        last: char,
    },
    /// The key is the longest option by a clear margin (a cue; a warning).
    KeyLongest {
        key_len: usize,
        next: usize,
    },
    NoReferences,
    /// A reference not of the shape `<act> § <section>[ <detail>]`.
    ReferenceShape {
        reference: String,
    },
    /// A reference whose section is not a number with an optional letter.
    ReferenceSection {
        reference: String,
        section: String,
    },
    /// An act `laws.toml` does not list (`known`: the ones it does).
    UnknownAct {
        act: String,
        known: Vec<String>,
    },
    /// A repealed act (`id`: its Lovdata id).
    RepealedAct {
        act: String,
        id: String,
    },
    /// A successor cites an act not yet in force.
    SuccessorActNotInForce {
        act: String,
    },
    /// An act in force cited under `future_references`.
    InForceUnderFuture {
        act: String,
    },
    /// An act not yet in force cited under `references`.
    NotYetInForce {
        act: String,
    },
    /// A Danish reference whose detail is not written "stk. 2, nr. 1" (a warning).
    DanishDetail {
        reference: String,
        act: String,
        section: String,
    },
    /// A section with several ledd (stk.) cited without one (a warning). `section` is
    /// "act § n"; `danish`: the unit is "stk.", not "ledd".
    LeddMissing {
        section: String,
        count: u32,
        danish: bool,
    },
    /// A reference cites ledd (stk.) `cited`, beyond the section's `count` (a warning).
    LeddBeyond {
        reference: String,
        cited: u32,
        section: String,
        count: u32,
        danish: bool,
    },
    FutureChangeEmpty,
    FutureChangeWithoutReferences,
    /// An IRT parameter outside its range (numbers as written).
    ParameterOutOfRange {
        name: &'static str,
        value: String,
        low: String,
        high: String,
    },
    /// The guessing parameter is well above 1/options (a warning).
    GuessingHigh {
        c: String,
        options: usize,
    },
    ExpertTakesNoCalibration,
    CalibratedIncomplete,
    BadSource {
        source: String,
    },
    /// An active item with expert-guessed parameters (a warning).
    ExpertParameters,
    /// An active item without an `[nn]` table.
    NynorskMissing,
    /// An `[nn]` table in a bank that is not Norwegian.
    NynorskNotNorwegian,
    NnEmptyStem,
    NnEmptyExplanation,
    NnOptionCount {
        nn: usize,
        item: usize,
    },
    NnEmptyOption {
        letter: char,
    },
    NnRepeatedOption {
        letter: char,
    },
    NnKeyLongest {
        key_len: usize,
        next: usize,
    },
    OwnSuccessor,
    UnknownSuccessor {
        of: String,
    },
    /// The id is also used by the file `other`.
    DuplicateId {
        id: String,
        other: String,
    },
    OwnEnemy,
    UnknownEnemy {
        enemy: String,
    },
    /// The answer changes under a new act, but no draft is written as the successor (a warning).
    SuccessorMissing {
        id: String,
    },
    /// A topic with fewer active items than the bank's minimum.
    TopicBelowMinimum {
        topic: String,
        count: usize,
        min: usize,
    },
    /// A topic with fewer active items than a test may take from it.
    TopicBelowMax {
        topic: String,
        count: usize,
        max: usize,
    },
    /// The editor's own rule, not `bank check`'s: an item people have answered keeps its topic.
    AnsweredKeepsTopic,

    // --- Any file ---
    NotUtf8,
    /// `detail`: the operating system's reason.
    CannotReadFile {
        detail: String,
    },
    CannotReadFolder {
        detail: String,
    },
    /// TOML that does not parse, or a value of the wrong type (`detail`: the parser's sentence).
    TomlSyntax {
        detail: String,
    },
    /// A field the file format does not have; `allowed`: the ones it has (comma-separated).
    UnknownField {
        field: String,
        allowed: Option<String>,
        detail: String,
    },
    MissingField {
        field: String,
        detail: String,
    },

    // --- laws.toml ---
    ActListedTwice {
        act: String,
    },
    /// A section under `ledd` that is not a number with an optional lower-case letter.
    LawsLeddSection {
        act: String,
        section: String,
    },
    LawsLeddZero {
        act: String,
        section: String,
    },
    LawsUrl {
        act: String,
        url: String,
    },
    /// `replaces` names no other act of the file.
    ReplacesUnknown {
        act: String,
        other: String,
    },

    // --- blueprint.toml ---
    BlueprintTopicTwice {
        topic: String,
    },
    BlueprintNoTopics,
    InconsistentBlueprint {
        error: crate::cat::BlueprintError,
    },
    /// `se_target` outside (0, 2), as written.
    SeTarget {
        value: String,
    },
    /// `max_exposure` outside (0, 1], as written.
    MaxExposure {
        value: String,
    },
    PretestTarget,
    UnknownJurisdiction {
        value: String,
    },
    /// `[bank] language` is not the jurisdiction's (`danish`: the jurisdiction is DK; `expected`:
    /// its language code).
    LanguageNotJurisdiction {
        language: String,
        danish: bool,
        expected: String,
    },
    /// A written form in `[bank] forms` that a bank in `language` cannot have.
    FormNotForBank {
        form: String,
        language: String,
    },
    UnknownForm {
        form: String,
    },

    // --- Topic files ---
    /// A topic of the blueprint without its file (`path`).
    TopicFileMissing {
        topic: String,
        path: String,
    },
    /// A topic without reflection questions (a warning).
    NoReflection,
    TopicNotInBlueprint {
        topic: String,
    },
    /// A topic without an `[nn]` table.
    TopicNynorskMissing,
    TopicNnEmptyName,
    TopicNnEmptyDescription,
    /// The `[nn]` table's number of reflection questions, the topic's.
    TopicNnReflectionCount {
        nn: usize,
        topic: usize,
    },
    /// An empty `[nn]` reflection question (1-based).
    TopicNnReflectionEmpty {
        number: usize,
    },

    // --- exposure.csv ---
    CsvNoRows,
    CsvMissingColumn {
        column: String,
        need: String,
    },
    /// A CSV file the reader cannot parse (`detail`: its sentence).
    CsvUnreadable {
        detail: String,
    },
    /// k not a number in [0, 1], as written.
    ExposureK {
        value: String,
    },
    /// A row of an item that is not active (a warning).
    ExposureNotActive {
        id: String,
    },
    ExposureUnknownItem {
        id: String,
    },
    /// Active items without a row (a warning).
    ExposureMissing {
        count: usize,
    },

    // --- law-changes.toml (and a change typed on the command line) ---
    /// Not one bare section.
    ChangeSection {
        section: String,
    },
    /// A ledd beyond the section's (`section`: "act § n"; `most`: its number of ledd).
    ChangeLeddBeyond {
        ledd: i64,
        section: String,
        most: u32,
    },
    /// A ledd below 1.
    ChangeLeddFromOne {
        ledd: i64,
    },
    ChangeDate,
    /// A change dated after today (a warning).
    ChangeInFuture {
        date: Date,
    },
    /// The same change twice (`section`: "act § n").
    ChangeTwice {
        section: String,
        date: Date,
    },
    /// An item citing changed sections ("act § n", the day each changed), last reviewed before
    /// the change (a warning).
    CitesChangedSection {
        reviewed: Date,
        changes: Vec<(String, Date)>,
    },
}

impl Problem {
    /// A stable machine name.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::IdInvalid { .. } => "id_invalid",
            Problem::IdNotFileName { .. } => "id_not_file_name",
            Problem::UnknownTopic { .. } => "unknown_topic",
            Problem::TopicFolder { .. } => "topic_folder",
            Problem::BadStatus { .. } => "bad_status",
            Problem::BadReviewed => "bad_reviewed",
            Problem::ReviewedInFuture { .. } => "reviewed_in_future",
            Problem::ReviewDue { .. } => "review_due",
            Problem::EmptyStem => "empty_stem",
            Problem::EmptyExplanation => "empty_explanation",
            Problem::OptionCount { .. } => "option_count",
            Problem::EmptyOption { .. } => "empty_option",
            Problem::RepeatedOption { .. } => "repeated_option",
            Problem::KeyNotAnOption { .. } => "key_not_an_option",
            Problem::KeyLongest { .. } => "key_longest",
            Problem::NoReferences => "no_references",
            Problem::ReferenceShape { .. } => "reference_shape",
            Problem::ReferenceSection { .. } => "reference_section",
            Problem::UnknownAct { .. } => "unknown_act",
            Problem::RepealedAct { .. } => "repealed_act",
            Problem::SuccessorActNotInForce { .. } => "successor_act_not_in_force",
            Problem::InForceUnderFuture { .. } => "in_force_under_future",
            Problem::NotYetInForce { .. } => "not_yet_in_force",
            Problem::DanishDetail { .. } => "danish_detail",
            Problem::LeddMissing { .. } => "ledd_missing",
            Problem::LeddBeyond { .. } => "ledd_beyond",
            Problem::FutureChangeEmpty => "future_change_empty",
            Problem::FutureChangeWithoutReferences => "future_change_without_references",
            Problem::ParameterOutOfRange { .. } => "parameter_out_of_range",
            Problem::GuessingHigh { .. } => "guessing_high",
            Problem::ExpertTakesNoCalibration => "expert_takes_no_calibration",
            Problem::CalibratedIncomplete => "calibrated_incomplete",
            Problem::BadSource { .. } => "bad_source",
            Problem::ExpertParameters => "expert_parameters",
            Problem::NynorskMissing => "nynorsk_missing",
            Problem::NynorskNotNorwegian => "nynorsk_not_norwegian",
            Problem::NnEmptyStem => "nn_empty_stem",
            Problem::NnEmptyExplanation => "nn_empty_explanation",
            Problem::NnOptionCount { .. } => "nn_option_count",
            Problem::NnEmptyOption { .. } => "nn_empty_option",
            Problem::NnRepeatedOption { .. } => "nn_repeated_option",
            Problem::NnKeyLongest { .. } => "nn_key_longest",
            Problem::OwnSuccessor => "own_successor",
            Problem::UnknownSuccessor { .. } => "unknown_successor",
            Problem::DuplicateId { .. } => "duplicate_id",
            Problem::OwnEnemy => "own_enemy",
            Problem::UnknownEnemy { .. } => "unknown_enemy",
            Problem::SuccessorMissing { .. } => "successor_missing",
            Problem::TopicBelowMinimum { .. } => "topic_below_minimum",
            Problem::TopicBelowMax { .. } => "topic_below_max",
            Problem::AnsweredKeepsTopic => "answered_keeps_topic",
            Problem::NotUtf8 => "not_utf8",
            Problem::CannotReadFile { .. } => "cannot_read_file",
            Problem::CannotReadFolder { .. } => "cannot_read_folder",
            Problem::TomlSyntax { .. } => "toml_syntax",
            Problem::UnknownField { .. } => "unknown_field",
            Problem::MissingField { .. } => "missing_field",
            Problem::ActListedTwice { .. } => "act_listed_twice",
            Problem::LawsLeddSection { .. } => "laws_ledd_section",
            Problem::LawsLeddZero { .. } => "laws_ledd_zero",
            Problem::LawsUrl { .. } => "laws_url",
            Problem::ReplacesUnknown { .. } => "replaces_unknown",
            Problem::BlueprintTopicTwice { .. } => "blueprint_topic_twice",
            Problem::BlueprintNoTopics => "blueprint_no_topics",
            Problem::InconsistentBlueprint { .. } => "inconsistent_blueprint",
            Problem::SeTarget { .. } => "se_target",
            Problem::MaxExposure { .. } => "max_exposure",
            Problem::PretestTarget => "pretest_target",
            Problem::UnknownJurisdiction { .. } => "unknown_jurisdiction",
            Problem::LanguageNotJurisdiction { .. } => "language_not_jurisdiction",
            Problem::FormNotForBank { .. } => "form_not_for_bank",
            Problem::UnknownForm { .. } => "unknown_form",
            Problem::TopicFileMissing { .. } => "topic_file_missing",
            Problem::NoReflection => "no_reflection",
            Problem::TopicNotInBlueprint { .. } => "topic_not_in_blueprint",
            Problem::TopicNynorskMissing => "topic_nynorsk_missing",
            Problem::TopicNnEmptyName => "topic_nn_empty_name",
            Problem::TopicNnEmptyDescription => "topic_nn_empty_description",
            Problem::TopicNnReflectionCount { .. } => "topic_nn_reflection_count",
            Problem::TopicNnReflectionEmpty { .. } => "topic_nn_reflection_empty",
            Problem::CsvNoRows => "csv_no_rows",
            Problem::CsvMissingColumn { .. } => "csv_missing_column",
            Problem::CsvUnreadable { .. } => "csv_unreadable",
            Problem::ExposureK { .. } => "exposure_k",
            Problem::ExposureNotActive { .. } => "exposure_not_active",
            Problem::ExposureUnknownItem { .. } => "exposure_unknown_item",
            Problem::ExposureMissing { .. } => "exposure_missing",
            Problem::ChangeSection { .. } => "change_section",
            Problem::ChangeLeddBeyond { .. } => "change_ledd_beyond",
            Problem::ChangeLeddFromOne { .. } => "change_ledd_from_one",
            Problem::ChangeDate => "change_date",
            Problem::ChangeInFuture { .. } => "change_in_future",
            Problem::ChangeTwice { .. } => "change_twice",
            Problem::CitesChangedSection { .. } => "cites_changed_section",
        }
    }

    /// The problem as a reader of `form` is told it.
    pub fn message(&self, form: Form) -> String {
        let t = &form.texts().refusals.problems;
        let letter = |c: &char| c.to_string();
        match self {
            Problem::IdInvalid { id } => (t.id_invalid)(id),
            Problem::IdNotFileName { id } => (t.id_not_file_name)(id),
            Problem::UnknownTopic { topic } => (t.unknown_topic)(topic),
            Problem::TopicFolder { topic } => (t.topic_folder)(topic),
            Problem::BadStatus { status } => (t.bad_status)(status),
            Problem::BadReviewed => t.bad_reviewed.to_string(),
            Problem::ReviewedInFuture { date } => (t.reviewed_in_future)(&date.to_string()),
            Problem::ReviewDue { date, days } => (t.review_due)(&date.to_string(), *days),
            Problem::EmptyStem => t.empty_stem.to_string(),
            Problem::EmptyExplanation => t.empty_explanation.to_string(),
            Problem::OptionCount { found } => (t.option_count)(*found),
            Problem::EmptyOption { letter: l } => (t.empty_option)(&letter(l)),
            Problem::RepeatedOption { letter: l } => (t.repeated_option)(&letter(l)),
            Problem::KeyNotAnOption { key, last } => (t.key_not_an_option)(key, &letter(last)),
            Problem::KeyLongest { key_len, next } => (t.key_longest)(*key_len, *next),
            Problem::NoReferences => t.no_references.to_string(),
            Problem::ReferenceShape { reference } => (t.reference_shape)(reference),
            Problem::ReferenceSection { reference, section } => {
                (t.reference_section)(reference, section)
            }
            Problem::UnknownAct { act, known } => (t.unknown_act)(act, &known.join(", ")),
            Problem::RepealedAct { act, id } => (t.repealed_act)(act, id),
            Problem::SuccessorActNotInForce { act } => (t.successor_act_not_in_force)(act),
            Problem::InForceUnderFuture { act } => (t.in_force_under_future)(act),
            Problem::NotYetInForce { act } => (t.not_yet_in_force)(act),
            Problem::DanishDetail {
                reference,
                act,
                section,
            } => (t.danish_detail)(reference, &format!("{act} § {section}, stk. 2, nr. 1")),
            Problem::LeddMissing {
                section,
                count,
                danish,
            } => (t.ledd_missing)(section, *count, *danish),
            Problem::LeddBeyond {
                reference,
                cited,
                section,
                count,
                danish,
            } => (t.ledd_beyond)(reference, *cited, section, *count, *danish),
            Problem::FutureChangeEmpty => t.future_change_empty.to_string(),
            Problem::FutureChangeWithoutReferences => {
                t.future_change_without_references.to_string()
            }
            Problem::ParameterOutOfRange {
                name,
                value,
                low,
                high,
            } => (t.parameter_out_of_range)(name, value, &format!("[{low}, {high}]")),
            Problem::GuessingHigh { c, options } => (t.guessing_high)(c, *options),
            Problem::ExpertTakesNoCalibration => t.expert_takes_no_calibration.to_string(),
            Problem::CalibratedIncomplete => t.calibrated_incomplete.to_string(),
            Problem::BadSource { source } => (t.bad_source)(source),
            Problem::ExpertParameters => t.expert_parameters.to_string(),
            Problem::NynorskMissing => t.nynorsk_missing.to_string(),
            Problem::NynorskNotNorwegian => t.nynorsk_not_norwegian.to_string(),
            Problem::NnEmptyStem => t.nn_empty_stem.to_string(),
            Problem::NnEmptyExplanation => t.nn_empty_explanation.to_string(),
            Problem::NnOptionCount { nn, item } => (t.nn_option_count)(*nn, *item),
            Problem::NnEmptyOption { letter: l } => (t.nn_empty_option)(&letter(l)),
            Problem::NnRepeatedOption { letter: l } => (t.nn_repeated_option)(&letter(l)),
            Problem::NnKeyLongest { key_len, next } => (t.nn_key_longest)(*key_len, *next),
            Problem::OwnSuccessor => t.own_successor.to_string(),
            Problem::UnknownSuccessor { of } => (t.unknown_successor)(of),
            Problem::DuplicateId { id, other } => (t.duplicate_id)(id, other),
            Problem::OwnEnemy => t.own_enemy.to_string(),
            Problem::UnknownEnemy { enemy } => (t.unknown_enemy)(enemy),
            Problem::SuccessorMissing { id } => (t.successor_missing)(id),
            Problem::TopicBelowMinimum { topic, count, min } => {
                (t.topic_below_minimum)(topic, *count, *min)
            }
            Problem::TopicBelowMax { topic, count, max } => {
                (t.topic_below_max)(topic, *count, *max)
            }
            Problem::AnsweredKeepsTopic => t.answered_keeps_topic.to_string(),
            Problem::NotUtf8 => t.not_utf8.to_string(),
            Problem::CannotReadFile { detail } => (t.cannot_read_file)(detail),
            Problem::CannotReadFolder { detail } => (t.cannot_read_folder)(detail),
            Problem::TomlSyntax { detail } => (t.toml_syntax)(detail),
            Problem::UnknownField { field, allowed, .. } => {
                (t.unknown_field)(field, allowed.as_deref())
            }
            Problem::MissingField { field, .. } => (t.missing_field)(field),
            Problem::ActListedTwice { act } => (t.act_listed_twice)(act),
            Problem::LawsLeddSection { act, section } => (t.laws_ledd_section)(act, section),
            Problem::LawsLeddZero { act, section } => (t.laws_ledd_zero)(act, section),
            Problem::LawsUrl { act, url } => (t.laws_url)(act, url),
            Problem::ReplacesUnknown { act, other } => (t.replaces_unknown)(act, other),
            Problem::BlueprintTopicTwice { topic } => (t.blueprint_topic_twice)(topic),
            Problem::BlueprintNoTopics => t.blueprint_no_topics.to_string(),
            Problem::InconsistentBlueprint { error } => match error {
                crate::cat::BlueprintError::TopicRange { topic, min, max } => {
                    (t.blueprint_topic_range)(*topic, *min, *max)
                }
                crate::cat::BlueprintError::Length {
                    min_items,
                    max_items,
                } => (t.blueprint_length)(*min_items, *max_items),
                crate::cat::BlueprintError::MinimumsTooLarge { sum, max_items } => {
                    (t.blueprint_minimums)(*sum, *max_items)
                }
            },
            Problem::SeTarget { value } => (t.se_target)(value),
            Problem::MaxExposure { value } => (t.max_exposure)(value),
            Problem::PretestTarget => t.pretest_target.to_string(),
            Problem::UnknownJurisdiction { value } => (t.unknown_jurisdiction)(value),
            Problem::LanguageNotJurisdiction {
                language,
                danish,
                expected,
            } => (t.language_not_jurisdiction)(language, *danish, expected),
            Problem::FormNotForBank { form, language } => (t.form_not_for_bank)(form, language),
            Problem::UnknownForm { form } => (t.unknown_form)(form),
            Problem::TopicFileMissing { topic, path } => (t.topic_file_missing)(topic, path),
            Problem::NoReflection => t.no_reflection.to_string(),
            Problem::TopicNotInBlueprint { topic } => (t.topic_not_in_blueprint)(topic),
            Problem::TopicNynorskMissing => t.topic_nynorsk_missing.to_string(),
            Problem::TopicNnEmptyName => t.topic_nn_empty_name.to_string(),
            Problem::TopicNnEmptyDescription => t.topic_nn_empty_description.to_string(),
            Problem::TopicNnReflectionCount { nn, topic } => {
                (t.topic_nn_reflection_count)(*nn, *topic)
            }
            Problem::TopicNnReflectionEmpty { number } => (t.topic_nn_reflection_empty)(*number),
            Problem::CsvNoRows => t.csv_no_rows.to_string(),
            Problem::CsvMissingColumn { column, need } => (t.csv_missing_column)(column, need),
            Problem::CsvUnreadable { detail } => (t.csv_unreadable)(detail),
            Problem::ExposureK { value } => (t.exposure_k)(value),
            Problem::ExposureNotActive { id } => (t.exposure_not_active)(id),
            Problem::ExposureUnknownItem { id } => (t.exposure_unknown_item)(id),
            Problem::ExposureMissing { count } => (t.exposure_missing)(*count),
            Problem::ChangeSection { section } => (t.change_section)(section),
            Problem::ChangeLeddBeyond {
                ledd,
                section,
                most,
            } => (t.change_ledd_beyond)(*ledd, section, *most),
            Problem::ChangeLeddFromOne { ledd } => (t.change_ledd_from_one)(*ledd),
            Problem::ChangeDate => t.change_date.to_string(),
            Problem::ChangeInFuture { date } => (t.change_in_future)(&date.to_string()),
            Problem::ChangeTwice { section, date } => (t.change_twice)(section, &date.to_string()),
            Problem::CitesChangedSection { reviewed, changes } => {
                let changes: Vec<(String, String)> = changes
                    .iter()
                    .map(|(section, date)| (section.clone(), date.to_string()))
                    .collect();
                (t.cites_changed_section)(&reviewed.to_string(), &changes)
            }
        }
    }

    /// One problem of every kind (for tests of the catalogue).
    pub fn examples() -> Vec<Problem> {
        let s = |text: &str| text.to_string();
        let date = Date::constant(2024, 5, 2);
        vec![
            Problem::IdInvalid { id: s("kla 1") },
            Problem::IdNotFileName { id: s("kla-001") },
            Problem::UnknownTopic { topic: s("klagx") },
            Problem::TopicFolder { topic: s("klage") },
            Problem::BadStatus { status: s("aktiv") },
            Problem::BadReviewed,
            Problem::ReviewedInFuture { date },
            Problem::ReviewDue { date, days: 730 },
            Problem::EmptyStem,
            Problem::EmptyExplanation,
            Problem::OptionCount { found: 2 },
            Problem::EmptyOption { letter: 'C' },
            Problem::RepeatedOption { letter: 'C' },
            Problem::KeyNotAnOption {
                key: s("F"),
                last: 'D',
            },
            Problem::KeyLongest {
                key_len: 120,
                next: 60,
            },
            Problem::NoReferences,
            Problem::ReferenceShape {
                reference: s("fvl 6"),
            },
            Problem::ReferenceSection {
                reference: s("forvaltningsloven § x"),
                section: s("x"),
            },
            Problem::UnknownAct {
                act: s("fvl"),
                known: vec![s("forvaltningsloven"), s("offentleglova")],
            },
            Problem::RepealedAct {
                act: s("forvaltningsloven"),
                id: s("lov/1967-02-10"),
            },
            Problem::SuccessorActNotInForce {
                act: s("forvaltningsloven 2025"),
            },
            Problem::InForceUnderFuture {
                act: s("forvaltningsloven"),
            },
            Problem::NotYetInForce {
                act: s("forvaltningsloven 2025"),
            },
            Problem::DanishDetail {
                reference: s("forvaltningsloven § 19 første ledd"),
                act: s("forvaltningsloven"),
                section: s("19"),
            },
            Problem::LeddMissing {
                section: s("forvaltningsloven § 6"),
                count: 4,
                danish: false,
            },
            Problem::LeddBeyond {
                reference: s("forvaltningsloven § 6 femte ledd"),
                cited: 5,
                section: s("forvaltningsloven § 6"),
                count: 4,
                danish: false,
            },
            Problem::FutureChangeEmpty,
            Problem::FutureChangeWithoutReferences,
            Problem::ParameterOutOfRange {
                name: "a",
                value: s("9"),
                low: s("0.2"),
                high: s("4"),
            },
            Problem::GuessingHigh {
                c: s("0.45"),
                options: 4,
            },
            Problem::ExpertTakesNoCalibration,
            Problem::CalibratedIncomplete,
            Problem::BadSource { source: s("gjett") },
            Problem::ExpertParameters,
            Problem::NynorskMissing,
            Problem::NynorskNotNorwegian,
            Problem::NnEmptyStem,
            Problem::NnEmptyExplanation,
            Problem::NnOptionCount { nn: 3, item: 4 },
            Problem::NnEmptyOption { letter: 'B' },
            Problem::NnRepeatedOption { letter: 'B' },
            Problem::NnKeyLongest {
                key_len: 120,
                next: 60,
            },
            Problem::OwnSuccessor,
            Problem::UnknownSuccessor { of: s("kla-099") },
            Problem::DuplicateId {
                id: s("kla-001"),
                other: s("items/klage/kla-001.toml"),
            },
            Problem::OwnEnemy,
            Problem::UnknownEnemy {
                enemy: s("kla-099"),
            },
            Problem::SuccessorMissing { id: s("kla-001") },
            Problem::TopicBelowMinimum {
                topic: s("klage"),
                count: 3,
                min: 10,
            },
            Problem::TopicBelowMax {
                topic: s("klage"),
                count: 3,
                max: 4,
            },
            Problem::AnsweredKeepsTopic,
            Problem::NotUtf8,
            Problem::CannotReadFile {
                detail: s("No such file or directory (os error 2)"),
            },
            Problem::CannotReadFolder {
                detail: s("Permission denied (os error 13)"),
            },
            Problem::TomlSyntax {
                detail: s("invalid basic string"),
            },
            Problem::UnknownField {
                field: s("paragraf"),
                allowed: Some(s("act, section, ledd, changed_on, note")),
                detail: s(
                    "unknown field `paragraf`, expected one of `act`, `section`, `ledd`, `changed_on`, `note`",
                ),
            },
            Problem::MissingField {
                field: s("stem"),
                detail: s("missing field `stem`"),
            },
            Problem::ActListedTwice {
                act: s("forvaltningsloven"),
            },
            Problem::LawsLeddSection {
                act: s("forvaltningsloven"),
                section: s("17 A"),
            },
            Problem::LawsLeddZero {
                act: s("forvaltningsloven"),
                section: s("17"),
            },
            Problem::LawsUrl {
                act: s("forvaltningsloven"),
                url: s("lovdata.no/lov/1967-02-10"),
            },
            Problem::ReplacesUnknown {
                act: s("forvaltningsloven-2025"),
                other: s("fvl"),
            },
            Problem::BlueprintTopicTwice { topic: s("klage") },
            Problem::BlueprintNoTopics,
            Problem::InconsistentBlueprint {
                error: crate::cat::BlueprintError::MinimumsTooLarge {
                    sum: 40,
                    max_items: 30,
                },
            },
            Problem::SeTarget { value: s("2.5") },
            Problem::MaxExposure { value: s("1.5") },
            Problem::PretestTarget,
            Problem::UnknownJurisdiction { value: s("SE") },
            Problem::LanguageNotJurisdiction {
                language: s("da"),
                danish: false,
                expected: s("nb"),
            },
            Problem::FormNotForBank {
                form: s("nn"),
                language: s("da"),
            },
            Problem::UnknownForm { form: s("sv") },
            Problem::TopicFileMissing {
                topic: s("klage"),
                path: s("bank/topics/klage.toml"),
            },
            Problem::NoReflection,
            Problem::TopicNotInBlueprint { topic: s("klagx") },
            Problem::TopicNynorskMissing,
            Problem::TopicNnEmptyName,
            Problem::TopicNnEmptyDescription,
            Problem::TopicNnReflectionCount { nn: 2, topic: 3 },
            Problem::TopicNnReflectionEmpty { number: 2 },
            Problem::CsvNoRows,
            Problem::CsvMissingColumn {
                column: s("k"),
                need: s("id,k"),
            },
            Problem::CsvUnreadable {
                detail: s(
                    "malformed CSV: found record with 3 fields, but the previous record has 2 fields",
                ),
            },
            Problem::ExposureK { value: s("1.7") },
            Problem::ExposureNotActive { id: s("kla-001") },
            Problem::ExposureUnknownItem { id: s("kla-999") },
            Problem::ExposureMissing { count: 4 },
            Problem::ChangeSection {
                section: s("17 første ledd"),
            },
            Problem::ChangeLeddBeyond {
                ledd: 4,
                section: s("forvaltningsloven § 17"),
                most: 3,
            },
            Problem::ChangeLeddFromOne { ledd: 0 },
            Problem::ChangeDate,
            Problem::ChangeInFuture {
                date: Date::constant(2027, 7, 1),
            },
            Problem::ChangeTwice {
                section: s("forvaltningsloven § 17"),
                date,
            },
            Problem::CitesChangedSection {
                reviewed: date,
                changes: vec![
                    (s("forvaltningsloven § 17"), Date::constant(2025, 7, 1)),
                    (s("forvaltningsloven § 24"), Date::constant(2026, 1, 1)),
                ],
            },
        ]
    }
}

/// In English, as `bank check` prints it.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::IdInvalid { id } => {
                write!(f, "id \"{id}\" must be non-empty letters, digits, - or _")
            }
            Problem::IdNotFileName { id } => write!(f, "id \"{id}\" does not match the file name"),
            Problem::UnknownTopic { topic } => write!(f, "unknown topic \"{topic}\""),
            Problem::TopicFolder { topic } => {
                write!(f, "topic \"{topic}\" but the file is not in items/{topic}/")
            }
            Problem::BadStatus { status } => write!(
                f,
                "status \"{status}\" must be draft, pretest, active or retired"
            ),
            Problem::BadReviewed => write!(f, "reviewed must be a date like 2026-11-23"),
            Problem::ReviewedInFuture { date } => {
                write!(f, "reviewed date {date} is in the future")
            }
            Problem::ReviewDue { date, days } => write!(
                f,
                "last reviewed {date}, more than {days} days ago: review the item against current law"
            ),
            Problem::EmptyStem => write!(f, "stem is empty"),
            Problem::EmptyExplanation => write!(f, "explanation is empty"),
            Problem::OptionCount { found } => {
                write!(f, "an item needs 3 to 5 options, found {found}")
            }
            Problem::EmptyOption { letter } => write!(f, "option {letter} is empty"),
            Problem::RepeatedOption { letter } => {
                write!(f, "option {letter} repeats an earlier option")
            }
            Problem::KeyNotAnOption { key, last } => {
                write!(f, "key \"{key}\" is not among the options (A to {last})")
            }
            Problem::KeyLongest { key_len, next } => write!(
                f,
                "the key is the longest option by a clear margin ({key_len} characters, the next {next}): \
                 test-wise candidates pick it without knowing the rule; lengthen a distractor or tighten the key"
            ),
            Problem::NoReferences => {
                write!(f, "the item cites no law: add at least one reference")
            }
            Problem::ReferenceShape { reference } => write!(
                f,
                "reference \"{reference}\" must be written \"<act> § <section>[ <ledd/bokstav>]\""
            ),
            Problem::ReferenceSection { reference, section } => write!(
                f,
                "reference \"{reference}\" has section \"{section}\": expected a number with an optional letter, e.g. 11a"
            ),
            Problem::UnknownAct { act, known } => write!(
                f,
                "unknown act \"{act}\" (laws.toml lists: {})",
                known.join(", ")
            ),
            Problem::RepealedAct { act, id } => write!(
                f,
                "\"{act}\" ({id}) is repealed: re-map the reference to the act now in force"
            ),
            Problem::SuccessorActNotInForce { act } => write!(
                f,
                "\"{act}\" is not in force yet: a successor written for it stays draft until it is"
            ),
            Problem::InForceUnderFuture { act } => write!(
                f,
                "\"{act}\" is in force: cite it under references, not future_references"
            ),
            Problem::NotYetInForce { act } => write!(
                f,
                "\"{act}\" is not in force yet: cite it under future_references"
            ),
            Problem::DanishDetail {
                reference,
                act,
                section,
            } => write!(
                f,
                "\"{reference}\": write the detail the Danish way, e.g. \"{act} § {section}, stk. 2, nr. 1\""
            ),
            Problem::LeddMissing {
                section,
                count,
                danish,
            } => {
                let (unit, example) = ledd_unit(section, *danish);
                write!(
                    f,
                    "{section} has {count} {unit}: cite the {unit} the rule is in (e.g. \"{example}\")"
                )
            }
            Problem::LeddBeyond {
                reference,
                cited,
                section,
                count,
                danish,
            } => {
                let (unit, _) = ledd_unit(section, *danish);
                write!(
                    f,
                    "\"{reference}\" cites {unit} {cited}, but {section} has {count} {unit} (laws.toml)"
                )
            }
            Problem::FutureChangeEmpty => write!(
                f,
                "future_change is empty: say what changes under the new act, or remove the line"
            ),
            Problem::FutureChangeWithoutReferences => write!(
                f,
                "future_change needs future_references: the sections of the new act"
            ),
            Problem::ParameterOutOfRange {
                name,
                value,
                low,
                high,
            } => write!(f, "parameter {name} = {value} is outside [{low}, {high}]"),
            Problem::GuessingHigh { c, options } => write!(
                f,
                "c = {c} is well above 1/{options} for a {options}-option item"
            ),
            Problem::ExpertTakesNoCalibration => {
                write!(f, "expert parameters take no n or calibrated_on")
            }
            Problem::CalibratedIncomplete => {
                write!(f, "calibrated parameters need n and calibrated_on (a date)")
            }
            Problem::BadSource { source } => {
                write!(f, "source \"{source}\" must be expert or calibrated")
            }
            Problem::ExpertParameters => write!(
                f,
                "active item with expert-guessed parameters: calibrate when data allow"
            ),
            Problem::NynorskMissing => write!(
                f,
                "active item without a nynorsk form: add an [nn] table (stem, options, explanation)"
            ),
            Problem::NynorskNotNorwegian => write!(
                f,
                "an [nn] (nynorsk) table in a bank that is not Norwegian: remove it"
            ),
            Problem::NnEmptyStem => write!(f, "[nn] stem is empty"),
            Problem::NnEmptyExplanation => write!(f, "[nn] explanation is empty"),
            Problem::NnOptionCount { nn, item } => write!(
                f,
                "[nn] has {nn} options, the item {item}: the same options in the same order, so the same key is right"
            ),
            Problem::NnEmptyOption { letter } => write!(f, "[nn] option {letter} is empty"),
            Problem::NnRepeatedOption { letter } => {
                write!(f, "[nn] option {letter} repeats an earlier option")
            }
            Problem::NnKeyLongest { key_len, next } => write!(
                f,
                "[nn]: the key is the longest option by a clear margin ({key_len} characters, the next {next})"
            ),
            Problem::OwnSuccessor => write!(f, "an item cannot be its own successor"),
            Problem::UnknownSuccessor { of } => {
                write!(f, "successor_of \"{of}\" is not an item in the bank")
            }
            Problem::DuplicateId { id, other } => {
                write!(f, "duplicate id \"{id}\" (also in {other})")
            }
            Problem::OwnEnemy => write!(f, "an item cannot be its own enemy"),
            Problem::UnknownEnemy { enemy } => {
                write!(f, "enemy \"{enemy}\" is not an item in the bank")
            }
            Problem::SuccessorMissing { id } => write!(
                f,
                "the answer changes under the new act, but no draft has successor_of = \"{id}\""
            ),
            Problem::TopicBelowMinimum { topic, count, min } => write!(
                f,
                "topic \"{topic}\" has {count} active items, below the bank minimum of {min}"
            ),
            Problem::TopicBelowMax { topic, count, max } => write!(
                f,
                "topic \"{topic}\" has {count} active items, fewer than the {max} a test may take"
            ),
            Problem::AnsweredKeepsTopic => write!(
                f,
                "people have answered this item, so it keeps its topic; duplicate it to write one for another topic"
            ),
            Problem::NotUtf8 => write!(f, "file is not valid UTF-8"),
            Problem::CannotReadFile { detail } => write!(f, "cannot read file: {detail}"),
            Problem::CannotReadFolder { detail } => write!(f, "cannot read folder: {detail}"),
            Problem::TomlSyntax { detail }
            | Problem::UnknownField { detail, .. }
            | Problem::MissingField { detail, .. }
            | Problem::CsvUnreadable { detail } => write!(f, "{detail}"),
            Problem::ActListedTwice { act } => write!(f, "act \"{act}\" is listed twice"),
            Problem::LawsLeddSection { act, section } => write!(
                f,
                "act \"{act}\": ledd lists section \"{section}\"; expected a number with an optional lower-case letter, e.g. 11a"
            ),
            Problem::LawsLeddZero { act, section } => write!(
                f,
                "act \"{act}\": § {section} has 0 ledd; a section has at least one"
            ),
            Problem::LawsUrl { act, url } => write!(
                f,
                "act \"{act}\": url \"{url}\" must be an https:// address"
            ),
            Problem::ReplacesUnknown { act, other } => write!(
                f,
                "act \"{act}\" replaces \"{other}\", which is not another act in laws.toml"
            ),
            Problem::BlueprintTopicTwice { topic } => {
                write!(f, "topic \"{topic}\" is listed twice")
            }
            Problem::BlueprintNoTopics => write!(f, "the blueprint lists no [[topic]]"),
            Problem::InconsistentBlueprint { error } => {
                write!(f, "inconsistent blueprint: {error}")
            }
            Problem::SeTarget { value } => {
                write!(f, "se_target must be in (0, 2), got {value}")
            }
            Problem::MaxExposure { value } => {
                write!(f, "max_exposure must be in (0, 1], got {value}")
            }
            Problem::PretestTarget => write!(f, "pretest_target must be at least 1"),
            Problem::UnknownJurisdiction { value } => write!(
                f,
                "unknown jurisdiction \"{value}\" in [bank] (known: \"NO\", \"DK\")"
            ),
            Problem::LanguageNotJurisdiction {
                language,
                danish,
                expected,
            } => write!(
                f,
                "[bank] language \"{language}\" does not fit the jurisdiction: a {} bank is written in \"{expected}\"",
                if *danish { "Danish" } else { "Norwegian" }
            ),
            Problem::FormNotForBank { form, language } => write!(
                f,
                "written form \"{form}\" in [bank] forms: a bank in \"{language}\" cannot have it"
            ),
            Problem::UnknownForm { form } => write!(
                f,
                "unknown written form \"{form}\" in [bank] forms (known: \"nb\", \"nn\", \"da\")"
            ),
            Problem::TopicFileMissing { topic, path } => {
                write!(f, "topic \"{topic}\" has no file {path}")
            }
            Problem::NoReflection => {
                write!(f, "no reflection questions for follow-up sessions")
            }
            Problem::TopicNotInBlueprint { topic } => {
                write!(f, "topic \"{topic}\" is not in blueprint.toml")
            }
            Problem::TopicNynorskMissing => write!(
                f,
                "topic without a nynorsk form: add an [nn] table (name, description, reflection)"
            ),
            Problem::TopicNnEmptyName => write!(f, "[nn] name is empty"),
            Problem::TopicNnEmptyDescription => write!(f, "[nn] description is empty"),
            Problem::TopicNnReflectionCount { nn, topic } => {
                write!(f, "[nn] has {nn} reflection questions, the topic {topic}")
            }
            Problem::TopicNnReflectionEmpty { number } => {
                write!(f, "[nn] reflection question {number} is empty")
            }
            Problem::CsvNoRows => write!(f, "the file has no rows"),
            Problem::CsvMissingColumn { column, need } => {
                write!(f, "missing column \"{column}\" (need: {need})")
            }
            Problem::ExposureK { value } => {
                write!(f, "k = \"{value}\" must be a number in [0, 1]")
            }
            Problem::ExposureNotActive { id } => {
                write!(f, "item \"{id}\" is not active; its row is ignored")
            }
            Problem::ExposureUnknownItem { id } => write!(f, "unknown item \"{id}\""),
            Problem::ExposureMissing { count } => write!(
                f,
                "{count} active item(s) have no exposure parameter (treated as 1): re-run `forvalt exposure --bank <dir> --out <dir>/exposure.csv`"
            ),
            Problem::ChangeSection { section } => write!(
                f,
                "section \"{section}\" must be one section: a number with an optional letter, e.g. 11a"
            ),
            Problem::ChangeLeddBeyond {
                ledd,
                section,
                most,
            } => write!(
                f,
                "ledd {ledd} of {section}: the section has ledd 1 to {most}"
            ),
            Problem::ChangeLeddFromOne { ledd } => {
                write!(f, "ledd {ledd} must be a number from 1")
            }
            Problem::ChangeDate => write!(f, "changed_on must be a date like 2026-07-01"),
            Problem::ChangeInFuture { date } => write!(
                f,
                "changed_on {date} is in the future; items are flagged from now on"
            ),
            Problem::ChangeTwice { section, date } => {
                write!(f, "{section} changed on {date} is listed twice")
            }
            Problem::CitesChangedSection { reviewed, changes } => {
                let list: Vec<String> = changes
                    .iter()
                    .map(|(section, date)| format!("{section} (changed {date})"))
                    .collect();
                write!(
                    f,
                    "cites a changed section, last reviewed {reviewed}: {}; review the item (or `forvalt law apply --to draft|retired`)",
                    list.join(", ")
                )
            }
        }
    }
}

/// The unit of a section's parts ("ledd", or Danish "stk.") and an example citing the first.
fn ledd_unit(section: &str, danish: bool) -> (&'static str, String) {
    if danish {
        ("stk.", format!("{section}, stk. 1"))
    } else {
        ("ledd", format!("{section} første ledd"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every problem is among the examples, has a unique code, its English sentence as
    /// `bank check` prints it, and a sentence in every language, different in each.
    #[test]
    fn every_problem_is_phrased_in_every_language_with_a_unique_code() {
        let examples = Problem::examples();
        // Exhaustive: a new variant needs an index here, then an example.
        let index = |p: &Problem| match p {
            Problem::IdInvalid { .. } => 0,
            Problem::IdNotFileName { .. } => 1,
            Problem::UnknownTopic { .. } => 2,
            Problem::TopicFolder { .. } => 3,
            Problem::BadStatus { .. } => 4,
            Problem::BadReviewed => 5,
            Problem::ReviewedInFuture { .. } => 6,
            Problem::ReviewDue { .. } => 7,
            Problem::EmptyStem => 8,
            Problem::EmptyExplanation => 9,
            Problem::OptionCount { .. } => 10,
            Problem::EmptyOption { .. } => 11,
            Problem::RepeatedOption { .. } => 12,
            Problem::KeyNotAnOption { .. } => 13,
            Problem::KeyLongest { .. } => 14,
            Problem::NoReferences => 15,
            Problem::ReferenceShape { .. } => 16,
            Problem::ReferenceSection { .. } => 17,
            Problem::UnknownAct { .. } => 18,
            Problem::RepealedAct { .. } => 19,
            Problem::SuccessorActNotInForce { .. } => 20,
            Problem::InForceUnderFuture { .. } => 21,
            Problem::NotYetInForce { .. } => 22,
            Problem::DanishDetail { .. } => 23,
            Problem::LeddMissing { .. } => 24,
            Problem::LeddBeyond { .. } => 25,
            Problem::FutureChangeEmpty => 26,
            Problem::FutureChangeWithoutReferences => 27,
            Problem::ParameterOutOfRange { .. } => 28,
            Problem::GuessingHigh { .. } => 29,
            Problem::ExpertTakesNoCalibration => 30,
            Problem::CalibratedIncomplete => 31,
            Problem::BadSource { .. } => 32,
            Problem::ExpertParameters => 33,
            Problem::NynorskMissing => 34,
            Problem::NynorskNotNorwegian => 35,
            Problem::NnEmptyStem => 36,
            Problem::NnEmptyExplanation => 37,
            Problem::NnOptionCount { .. } => 38,
            Problem::NnEmptyOption { .. } => 39,
            Problem::NnRepeatedOption { .. } => 40,
            Problem::NnKeyLongest { .. } => 41,
            Problem::OwnSuccessor => 42,
            Problem::UnknownSuccessor { .. } => 43,
            Problem::DuplicateId { .. } => 44,
            Problem::OwnEnemy => 45,
            Problem::UnknownEnemy { .. } => 46,
            Problem::SuccessorMissing { .. } => 47,
            Problem::TopicBelowMinimum { .. } => 48,
            Problem::TopicBelowMax { .. } => 49,
            Problem::AnsweredKeepsTopic => 50,
            Problem::NotUtf8 => 51,
            Problem::CannotReadFile { .. } => 52,
            Problem::CannotReadFolder { .. } => 53,
            Problem::TomlSyntax { .. } => 54,
            Problem::UnknownField { .. } => 55,
            Problem::MissingField { .. } => 56,
            Problem::ActListedTwice { .. } => 57,
            Problem::LawsLeddSection { .. } => 58,
            Problem::LawsLeddZero { .. } => 59,
            Problem::LawsUrl { .. } => 60,
            Problem::ReplacesUnknown { .. } => 61,
            Problem::BlueprintTopicTwice { .. } => 62,
            Problem::BlueprintNoTopics => 63,
            Problem::InconsistentBlueprint { .. } => 64,
            Problem::SeTarget { .. } => 65,
            Problem::MaxExposure { .. } => 66,
            Problem::PretestTarget => 67,
            Problem::UnknownJurisdiction { .. } => 68,
            Problem::LanguageNotJurisdiction { .. } => 69,
            Problem::FormNotForBank { .. } => 70,
            Problem::UnknownForm { .. } => 71,
            Problem::TopicFileMissing { .. } => 72,
            Problem::NoReflection => 73,
            Problem::TopicNotInBlueprint { .. } => 74,
            Problem::TopicNynorskMissing => 75,
            Problem::TopicNnEmptyName => 76,
            Problem::TopicNnEmptyDescription => 77,
            Problem::TopicNnReflectionCount { .. } => 78,
            Problem::TopicNnReflectionEmpty { .. } => 79,
            Problem::CsvNoRows => 80,
            Problem::CsvMissingColumn { .. } => 81,
            Problem::CsvUnreadable { .. } => 82,
            Problem::ExposureK { .. } => 83,
            Problem::ExposureNotActive { .. } => 84,
            Problem::ExposureUnknownItem { .. } => 85,
            Problem::ExposureMissing { .. } => 86,
            Problem::ChangeSection { .. } => 87,
            Problem::ChangeLeddBeyond { .. } => 88,
            Problem::ChangeLeddFromOne { .. } => 89,
            Problem::ChangeDate => 90,
            Problem::ChangeInFuture { .. } => 91,
            Problem::ChangeTwice { .. } => 92,
            Problem::CitesChangedSection { .. } => 93,
        };
        let mut covered: Vec<usize> = examples.iter().map(index).collect();
        covered.sort_unstable();
        assert_eq!(
            covered,
            (0..94).collect::<Vec<_>>(),
            "one example per variant"
        );
        let mut codes: Vec<&str> = examples.iter().map(Problem::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), examples.len(), "codes are unique");
        let mut sentences = std::collections::HashSet::new();
        for p in &examples {
            assert!(!p.to_string().trim().is_empty(), "{}", p.code());
            let [nb, nn, da] = Form::ALL.map(|form| p.message(form));
            for m in [&nb, &nn, &da] {
                assert!(!m.trim().is_empty(), "{}: empty", p.code());
                assert_ne!(*m, p.to_string(), "{}: still English", p.code());
                assert!(
                    sentences.insert(m.clone()),
                    "{}: «{m}» said twice",
                    p.code()
                );
            }
        }
        // Words that give a bokmål sentence away in nynorsk, and a Norwegian one in Danish.
        let nn: Vec<String> = examples.iter().map(|p| p.message(Form::Nn)).collect();
        for bokmal in [
            " ikke ",
            "oppgave ",
            "oppgaven",
            "ennå",
            "hvorfor",
            " hva ",
            "mangler",
            "filen",
            "mappen",
            "beskrivelsen",
            "endret",
            "kjente",
            "trenger",
        ] {
            assert!(
                !nn.iter().any(|m| m.contains(bokmal)),
                "bokmål «{bokmal}» in the nynorsk problems"
            );
        }
        let da: Vec<String> = examples.iter().map(|p| p.message(Form::Da)).collect();
        for norwegian in [
            "oppgav",
            "oppgåv",
            "ennå",
            "enno",
            "hjemmelen",
            "svaralternativ",
            "ikkje",
            "leses",
            "endret",
            "gjennomgått",
            "oppgi",
            "trenger",
        ] {
            assert!(
                !da.iter().any(|m| m.contains(norwegian)),
                "Norwegian «{norwegian}» in the Danish problems"
            );
        }
    }

    /// The TOML parser's and the CSV reader's sentences are typed where they name a field or a
    /// column, and print exactly as before (what `bank check` shows).
    #[test]
    fn parser_sentences_are_typed_and_print_unchanged() {
        for (line, code) in [
            (
                "unknown field `paragraf`, expected one of `act`, `section`, `ledd`",
                "unknown_field",
            ),
            ("unknown field `x`, expected `a` or `b`", "unknown_field"),
            ("unknown field `x`, there are no fields", "unknown_field"),
            ("missing field `stem`", "missing_field"),
            ("missing field `stem` in table", "toml_syntax"),
            ("invalid basic string", "toml_syntax"),
        ] {
            let problem = toml_problem(line.to_string());
            assert_eq!(problem.code(), code, "{line}");
            assert_eq!(problem.to_string(), line);
        }
        assert_eq!(
            toml_problem("unknown field `paragraf`, expected one of `act`, `section`".into())
                .message(Form::Nn),
            "feltet «paragraf» finst ikkje her (tillatne felt: act, section)"
        );
        for (problem, code) in [
            (
                CsvProblem::ExposureK {
                    value: "1.5".into(),
                },
                "exposure_k",
            ),
            (
                CsvProblem::NotANumber {
                    name: "k",
                    value: "x".into(),
                },
                "csv_unreadable",
            ),
            (
                CsvProblem::MissingColumn {
                    column: "k".into(),
                    need: "id,k".into(),
                },
                "csv_missing_column",
            ),
            (CsvProblem::NoRows, "csv_no_rows"),
            (
                CsvProblem::CannotRead("No such file".into()),
                "cannot_read_file",
            ),
            (
                CsvProblem::CannotReadHeader("invalid UTF-8".into()),
                "csv_unreadable",
            ),
            (
                CsvProblem::Malformed("found record with 3 fields".into()),
                "csv_unreadable",
            ),
        ] {
            let sentence = problem.to_string();
            let typed = exposure_problem(problem);
            assert_eq!(typed.code(), code, "{sentence}");
            assert_eq!(typed.to_string(), sentence);
        }
    }

    #[test]
    fn a_report_keeps_the_problem_beside_the_english_message() {
        let source = "id = \"x\"\nstem = \"\"\n";
        let mut out = Vec::new();
        let mut report = FileReport::new(Path::new("x.toml"), source, &mut out);
        report.error(source.find("stem").unwrap(), Problem::EmptyStem);
        report.warning(0, Problem::NoReflection);
        assert_eq!(report.errors(), 1);
        assert_eq!(out[0].to_string(), "x.toml:2: stem is empty");
        assert_eq!(out[0].message_in(Form::Nn), "spørsmålet manglar");
        assert_eq!(
            out[0].to_string_in(Form::Da),
            "x.toml:2: spørgsmålet er tomt"
        );
        assert_eq!(
            out[1].to_string(),
            "x.toml:1: no reflection questions for follow-up sessions"
        );
        assert_eq!(
            out[1].message_in(Form::Nn),
            "temaet har ingen refleksjonsspørsmål til oppfølgingssamtalar"
        );
    }
}

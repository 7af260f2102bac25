//! Problems found in the bank, each pointing at a file and line.
//!
//! A diagnostic carries the English sentence `bank check` prints, and, for the checks of one
//! item (the ones an author meets at the editor's fields), a typed [`Problem`] that the text
//! catalogue phrases in every language ([`Problem::message`]). The checks of `laws.toml`, the
//! blueprint, topic files, `exposure.csv`, file I/O and TOML syntax stay English only.

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

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
    /// The problem behind `message`, for the checks an author meets in the editor.
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

    /// An error: a [`Problem`], or an English sentence (`String`, `&str`).
    pub fn error(&mut self, offset: usize, message: impl Into<Message>) {
        self.errors += 1;
        self.push(Severity::Error, offset, message.into());
    }

    /// A warning: a [`Problem`], or an English sentence (`String`, `&str`).
    pub fn warning(&mut self, offset: usize, message: impl Into<Message>) {
        self.push(Severity::Warning, offset, message.into());
    }

    /// Errors reported through this value so far.
    pub fn errors(&self) -> usize {
        self.errors
    }

    fn push(&mut self, severity: Severity, offset: usize, message: Message) {
        let line = line_of(self.source, offset);
        self.out.push(Diagnostic {
            severity,
            path: self.path.to_path_buf(),
            line,
            message: message.text,
            problem: message.problem,
        });
    }
}

/// What [`FileReport::error`] and [`FileReport::warning`] take: a typed problem (its English
/// sentence is its `Display`) or an English sentence alone.
pub(crate) struct Message {
    text: String,
    problem: Option<Problem>,
}

impl From<Problem> for Message {
    fn from(problem: Problem) -> Message {
        Message {
            text: problem.to_string(),
            problem: Some(problem),
        }
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message {
            text,
            problem: None,
        }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::from(text.to_string())
    }
}

/// 1-based line number of byte `offset` in `source`.
pub fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A parse error from the toml crate as a diagnostic: its message's first line, at its span.
pub(crate) fn toml_error(report: &mut FileReport<'_>, error: &toml::de::Error) {
    let offset = error.span().map_or(0, |span| span.start);
    let message = error
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim()
        .to_string();
    report.error(offset, message);
}

/// A problem the checks of one item can find, with what its sentence names. The English sentence
/// (`bank check`'s) is the `Display`; [`Problem::message`] says it in a reader's language through
/// the text catalogue ([`crate::text::refusal::ProblemTexts`]); [`Problem::code`] is a stable name.
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
        };
        let mut covered: Vec<usize> = examples.iter().map(index).collect();
        covered.sort_unstable();
        assert_eq!(
            covered,
            (0..51).collect::<Vec<_>>(),
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
            " ikke ", "oppgave ", "oppgaven", "ennå", "hvorfor", " hva ", "mangler",
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
        ] {
            assert!(
                !da.iter().any(|m| m.contains(norwegian)),
                "Norwegian «{norwegian}» in the Danish problems"
            );
        }
    }

    #[test]
    fn a_report_keeps_the_problem_beside_the_english_message() {
        let source = "id = \"x\"\nstem = \"\"\n";
        let mut out = Vec::new();
        let mut report = FileReport::new(Path::new("x.toml"), source, &mut out);
        report.error(source.find("stem").unwrap(), Problem::EmptyStem);
        report.warning(0, "a bank-wide check");
        assert_eq!(report.errors(), 1);
        assert_eq!(out[0].to_string(), "x.toml:2: stem is empty");
        assert_eq!(out[0].message_in(Form::Nn), "spørsmålet manglar");
        assert_eq!(
            out[0].to_string_in(Form::Da),
            "x.toml:2: spørgsmålet er tomt"
        );
        assert_eq!(out[1].problem, None);
        assert_eq!(out[1].message_in(Form::Nb), "a bank-wide check");
    }
}

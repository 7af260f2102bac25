//! Loading and validating the bank (phase two of parsing).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use toml::Spanned;
use toml::value::Datetime;

use super::diagnostic::{FileReport, Problem, exposure_problem, toml_error};
use super::files::{BlueprintFile, ItemFile, ItemNn, LawsFile, TopicFile, TopicNn};
use super::{
    Act, Diagnostic, Item, ItemBank, ItemId, ItemText, LawRef, ParamSource, Severity, Status,
    TestRules, Topic, TopicText, item_version,
};
use crate::cat::{Blueprint, TopicRange};
use crate::irt::ItemParams;

/// Allowed parameter ranges. Wider than any sensible item, narrow enough to catch typos
/// (a = 10, b = 25) before they reach a caseworker.
const A_RANGE: (f64, f64) = (0.2, 4.0);
const B_RANGE: (f64, f64) = (-4.0, 4.0);
const C_RANGE: (f64, f64) = (0.0, 0.5);

/// Sympson–Hetter parameters for the active items, written by
/// `forvalt exposure --bank item-bank --out item-bank/exposure.csv`. Optional.
pub const EXPOSURE_FILE: &str = "exposure.csv";

/// The result of loading a bank: the bank, if there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub bank: Option<ItemBank>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

/// Load and validate the bank in `dir`. `today` dates the review-interval check.
pub fn load(dir: &Path, today: Date) -> Loaded {
    let mut out = Vec::new();
    let acts = load_laws(&dir.join("laws.toml"), &mut out);
    let blueprint = load_blueprint(&dir.join("blueprint.toml"), &mut out);
    let topics = blueprint
        .as_ref()
        .map(|bp| load_topics(&dir.join("topics"), bp, &acts, &mut out))
        .unwrap_or_default();
    let items = load_items(
        &dir.join("items"),
        &topics,
        &acts,
        blueprint.as_ref(),
        today,
        &mut out,
    );

    if let Some(bp) = &blueprint {
        check_active_counts(bp, &topics, &items, &mut out);
    }
    let exposure = load_exposure(&dir.join(EXPOSURE_FILE), &items, &mut out);
    let law_changes = super::lawchange::load_law_changes(
        &dir.join(super::LAW_CHANGES_FILE),
        &acts,
        today,
        &mut out,
    );
    super::lawchange::check_items(&items, &law_changes, &mut out);
    out.sort_by(|x, y| {
        (x.severity, &x.path, x.line, &x.message).cmp(&(y.severity, &y.path, y.line, &y.message))
    });
    let has_errors = out.iter().any(|d| d.severity == Severity::Error);
    let bank = match blueprint {
        Some(bp) if !has_errors => Some(ItemBank {
            test: bp.test,
            min_active_per_topic: bp.min_active_per_topic,
            topics,
            acts,
            items,
            exposure,
            law_changes,
            dir: dir.to_path_buf(),
            jurisdiction: bp.jurisdiction,
            language: bp.language,
        }),
        _ => None,
    };
    Loaded {
        bank,
        diagnostics: out,
    }
}

/// What a `blueprint.toml` says on its own: the test rules and the topics' per-test ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct BlueprintSpec {
    pub test: TestRules,
    /// (topic id, items per test), in blueprint order.
    pub topics: Vec<(String, TopicRange)>,
}

/// Read just a `blueprint.toml`: the test rules and the topics with their per-test ranges, in
/// order. For tools (such as `simulate --blueprint`) that use a blueprint without a bank.
pub fn read_blueprint(path: &Path) -> Result<BlueprintSpec, Vec<Diagnostic>> {
    let mut out = Vec::new();
    match load_blueprint(path, &mut out) {
        Some(bp) if out.iter().all(|d| d.severity != Severity::Error) => Ok(BlueprintSpec {
            test: bp.test,
            topics: bp
                .topics
                .into_iter()
                .map(|(id, range, _)| (id, range))
                .collect(),
        }),
        _ => Err(out),
    }
}

/// Read a file as text, or report why not (not UTF-8: at the line of the first bad byte).
pub(super) fn read(path: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                FileReport::new(path, &text, out).error(offset, Problem::NotUtf8);
                None
            }
        },
        Err(e) => {
            FileReport::new(path, "", out).error(
                0,
                Problem::CannotReadFile {
                    detail: e.to_string(),
                },
            );
            None
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    path: &Path,
    out: &mut Vec<Diagnostic>,
) -> Option<(String, T)> {
    let text = read(path, out)?;
    match toml::from_str::<T>(&text) {
        Ok(value) => Some((text, value)),
        Err(e) => {
            toml_error(&mut FileReport::new(path, &text, out), &e);
            None
        }
    }
}

fn load_laws(path: &Path, out: &mut Vec<Diagnostic>) -> Vec<Act> {
    let Some((text, file)) = parse::<LawsFile>(path, out) else {
        return Vec::new();
    };
    let mut report = FileReport::new(path, &text, out);
    let mut acts: Vec<Act> = Vec::new();
    let mut replaced: Vec<(usize, String, String)> = Vec::new();
    for entry in file.act {
        let offset = entry.span().start;
        let act = entry.into_inner();
        if acts.iter().any(|a| a.name == act.name) {
            report.error(
                offset,
                Problem::ActListedTwice {
                    act: act.name.clone(),
                },
            );
            continue;
        }
        for (section, count) in &act.ledd {
            if !super::reference::is_section(section) {
                report.error(
                    offset,
                    Problem::LawsLeddSection {
                        act: act.name.clone(),
                        section: section.clone(),
                    },
                );
            } else if *count == 0 {
                report.error(
                    offset,
                    Problem::LawsLeddZero {
                        act: act.name.clone(),
                        section: section.clone(),
                    },
                );
            }
        }
        if let Some(r) = &act.replaces {
            replaced.push((r.span().start, act.name.clone(), r.get_ref().clone()));
        }
        let url = act.url.and_then(|u| {
            let text = u.get_ref().trim().to_string();
            if text.starts_with("https://") && !text.contains(char::is_whitespace) {
                Some(text)
            } else {
                report.error(
                    u.span().start,
                    Problem::LawsUrl {
                        act: act.name.clone(),
                        url: text,
                    },
                );
                None
            }
        });
        acts.push(Act {
            name: act.name,
            id: act.id,
            title: act.title,
            in_force: act.in_force,
            repealed: act.repealed,
            ledd: act.ledd,
            replaces: act.replaces.map(Spanned::into_inner),
            url,
        });
    }
    // `replaces` must name another act in the file.
    for (offset, name, other) in replaced {
        if other == name || !acts.iter().any(|a| a.name == other) {
            report.error(offset, Problem::ReplacesUnknown { act: name, other });
        }
    }
    acts
}

/// Whether a bank's items and topics carry a nynorsk `[nn]` table beside their main text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nynorsk {
    /// The bank declares nynorsk (`[bank] forms`): an item in use or a topic without its
    /// `[nn]` table is an error.
    Required,
    /// A Norwegian bank that does not declare it: a missing table is a warning (nynorsk
    /// readers get bokmål).
    Optional,
    /// A bank in another language (Danish): there is no nynorsk, and an `[nn]` table is an
    /// error.
    Absent,
}

/// What `blueprint.toml` says, checked.
struct BlueprintData {
    test: TestRules,
    min_active_per_topic: usize,
    /// What a missing or present `[nn]` table means in this bank ([`Nynorsk`]).
    nynorsk: Nynorsk,
    /// (topic id, range, offset of its `[[topic]]` entry)
    topics: Vec<(String, TopicRange, usize)>,
    jurisdiction: super::Jurisdiction,
    language: crate::text::Form,
    path: PathBuf,
    text: String,
}

fn load_blueprint(path: &Path, out: &mut Vec<Diagnostic>) -> Option<BlueprintData> {
    let (text, file) = parse::<BlueprintFile>(path, out)?;
    let mut report = FileReport::new(path, &text, out);
    let mut ok = true;
    let mut topics: Vec<(String, TopicRange, usize)> = Vec::new();
    for entry in &file.topic {
        let offset = entry.span().start;
        let topic = entry.get_ref();
        if topics.iter().any(|(id, ..)| *id == topic.id) {
            report.error(
                offset,
                Problem::BlueprintTopicTwice {
                    topic: topic.id.clone(),
                },
            );
            ok = false;
        } else {
            topics.push((
                topic.id.clone(),
                TopicRange {
                    min: topic.min,
                    max: topic.max,
                },
                offset,
            ));
        }
    }
    if topics.is_empty() {
        report.error(0, Problem::BlueprintNoTopics);
        ok = false;
    }
    let test = &file.test;
    let ranges = topics.iter().map(|(_, range, _)| *range).collect();
    if let Err(e) = Blueprint::new(ranges, *test.min_items.get_ref(), *test.max_items.get_ref()) {
        report.error(
            test.min_items.span().start,
            Problem::InconsistentBlueprint { error: e },
        );
        ok = false;
    }
    let se = *test.se_target.get_ref();
    if !(se > 0.0 && se < 2.0) {
        report.error(
            test.se_target.span().start,
            Problem::SeTarget {
                value: se.to_string(),
            },
        );
        ok = false;
    }
    let exposure = *test.max_exposure.get_ref();
    if !(exposure > 0.0 && exposure <= 1.0) {
        report.error(
            test.max_exposure.span().start,
            Problem::MaxExposure {
                value: exposure.to_string(),
            },
        );
        ok = false;
    }
    // More pretest items than positions before min_items is not an error: a test seeds at most
    // min_items − 1 (see `Engine::pretest_positions`).
    let pretest = *test.pretest_per_test.get_ref();
    let min_items = *test.min_items.get_ref();
    if *test.pretest_target.get_ref() == 0 {
        report.error(test.pretest_target.span().start, Problem::PretestTarget);
        ok = false;
    }
    let jurisdiction = match &file.bank.jurisdiction {
        None => super::Jurisdiction::No,
        Some(j) => super::Jurisdiction::parse(j.get_ref()).unwrap_or_else(|| {
            report.error(
                j.span().start,
                Problem::UnknownJurisdiction {
                    value: j.get_ref().clone(),
                },
            );
            ok = false;
            super::Jurisdiction::No
        }),
    };
    let language = jurisdiction.language();
    if let Some(l) = &file.bank.language
        && crate::text::Form::parse(l.get_ref()) != Some(language)
    {
        report.error(
            l.span().start,
            Problem::LanguageNotJurisdiction {
                language: l.get_ref().clone(),
                danish: jurisdiction == super::Jurisdiction::Dk,
                expected: language.code().to_string(),
            },
        );
        ok = false;
    }
    let mut nynorsk_required = false;
    for form in &file.bank.forms {
        match crate::text::Form::parse(form.get_ref()) {
            Some(crate::text::Form::Nn) if language == crate::text::Form::Nb => {
                nynorsk_required = true
            }
            Some(f) if f == language => {}
            Some(f) => {
                report.error(
                    form.span().start,
                    Problem::FormNotForBank {
                        form: f.code().to_string(),
                        language: language.code().to_string(),
                    },
                );
                ok = false;
            }
            None => {
                report.error(
                    form.span().start,
                    Problem::UnknownForm {
                        form: form.get_ref().clone(),
                    },
                );
                ok = false;
            }
        }
    }
    ok.then(|| BlueprintData {
        nynorsk: if !language.is_norwegian() {
            Nynorsk::Absent
        } else if nynorsk_required {
            Nynorsk::Required
        } else {
            Nynorsk::Optional
        },
        test: TestRules {
            min_items,
            max_items: *test.max_items.get_ref(),
            se_target: se,
            max_exposure: exposure,
            review_interval_days: test.review_interval_days,
            pretest_per_test: pretest,
            pretest_target: *test.pretest_target.get_ref(),
        },
        min_active_per_topic: file.bank.min_active_per_topic,
        topics,
        jurisdiction,
        language,
        path: path.to_path_buf(),
        text,
    })
}

/// Parse a reference and check its act: known, and in force unless `future`.
fn check_reference(
    report: &mut FileReport<'_>,
    acts: &[Act],
    reference: &Spanned<String>,
    future: bool,
    in_use: bool,
    successor: bool,
) -> Option<LawRef> {
    let offset = reference.span().start;
    let parsed = match LawRef::parse(reference.get_ref()) {
        Ok(parsed) => parsed,
        Err(e) => {
            report.error(offset, ref_problem(e));
            return None;
        }
    };
    let Some(act) = acts.iter().find(|a| a.name == parsed.act) else {
        report.error(
            offset,
            Problem::UnknownAct {
                act: parsed.act.clone(),
                known: acts.iter().map(|a| a.name.clone()).collect(),
            },
        );
        return None;
    };
    if act.repealed {
        let message = Problem::RepealedAct {
            act: act.name.clone(),
            id: act.id.clone(),
        };
        // Drafts and retired items may wait for re-mapping; items shown to caseworkers may not.
        if in_use {
            report.error(offset, message);
            return None;
        }
        report.warning(offset, message);
        return Some(parsed);
    }
    // A draft successor is written for an act not yet in force: it cites that act directly.
    if !future && !act.in_force && successor && !in_use {
        return Some(parsed);
    }
    if act.in_force == future {
        let act = act.name.clone();
        let message = if successor {
            Problem::SuccessorActNotInForce { act }
        } else if future {
            Problem::InForceUnderFuture { act }
        } else {
            Problem::NotYetInForce { act }
        };
        report.error(offset, message);
        return None;
    }
    Some(parsed)
}

/// Warn when a reference leaves out the ledd (Danish: stk.) of a section that has several, or
/// names one the section does not have (by the counts in `laws.toml`); in a Danish bank, also
/// when the detail is not written the Danish way ("stk. 2, nr. 1, 2. pkt.").
fn check_ledd(
    report: &mut FileReport<'_>,
    acts: &[Act],
    reference: &LawRef,
    offset: usize,
    jurisdiction: super::Jurisdiction,
) {
    let danish = jurisdiction == super::Jurisdiction::Dk;
    if danish && !super::reference::is_danish_detail(&reference.detail) {
        report.warning(
            offset,
            Problem::DanishDetail {
                reference: reference.to_string(),
                act: reference.act.clone(),
                section: reference.section.clone(),
            },
        );
        return;
    }
    let Some(act) = acts.iter().find(|a| a.name == reference.act) else {
        return;
    };
    let Some(&count) = act.ledd.get(&reference.section) else {
        return;
    };
    match reference.ledd() {
        None if count > 1 => report.warning(
            offset,
            Problem::LeddMissing {
                section: reference.section_key(),
                count,
                danish,
            },
        ),
        Some(cited) => {
            if let Some(&beyond) = cited.iter().find(|&&n| n > count) {
                report.warning(
                    offset,
                    Problem::LeddBeyond {
                        reference: reference.to_string(),
                        cited: beyond,
                        section: reference.section_key(),
                        count,
                        danish,
                    },
                );
            }
        }
        None => {}
    }
}

fn load_topics(
    dir: &Path,
    bp: &BlueprintData,
    acts: &[Act],
    out: &mut Vec<Diagnostic>,
) -> Vec<Topic> {
    let mut topics = Vec::new();
    for (id, range, offset) in &bp.topics {
        // A topic whose file is missing or broken is still a topic: its items are checked
        // against it, and the file problem is reported once.
        let mut topic = Topic {
            id: id.clone(),
            name: id.clone(),
            description: String::new(),
            covers: Vec::new(),
            reflection: Vec::new(),
            min: range.min,
            max: range.max,
            nn: None,
        };
        let path = dir.join(format!("{id}.toml"));
        if !path.exists() {
            FileReport::new(&bp.path, &bp.text, out).error(
                *offset,
                Problem::TopicFileMissing {
                    topic: id.clone(),
                    path: path.display().to_string(),
                },
            );
        } else if let Some((text, file)) = parse::<TopicFile>(&path, out) {
            let mut report = FileReport::new(&path, &text, out);
            if file.id.get_ref() != id {
                report.error(
                    file.id.span().start,
                    Problem::IdNotFileName {
                        id: file.id.get_ref().clone(),
                    },
                );
            }
            if file.reflection.is_empty() {
                report.warning(0, Problem::NoReflection);
            }
            topic.covers = file
                .covers
                .iter()
                .filter_map(|r| check_reference(&mut report, acts, r, false, true, false))
                .collect();
            topic.nn = check_topic_nn(&mut report, file.nn, file.reflection.len(), bp.nynorsk);
            topic.name = file.name;
            topic.description = file.description;
            topic.reflection = file.reflection;
        }
        topics.push(topic);
    }
    for path in toml_files(dir, out) {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if !bp.topics.iter().any(|(id, ..)| id == stem) {
            let text = read(&path, out).unwrap_or_default();
            FileReport::new(&path, &text, out).error(
                0,
                Problem::TopicNotInBlueprint {
                    topic: stem.to_string(),
                },
            );
        }
    }
    topics
}

/// Every `.toml` file under `dir`, recursively, sorted.
fn toml_files(dir: &Path, out: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                FileReport::new(&dir, "", out).error(
                    0,
                    Problem::CannotReadFolder {
                        detail: e.to_string(),
                    },
                );
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn date_of(value: &Datetime) -> Option<Date> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8).ok(),
        _ => None,
    }
}

fn load_items(
    dir: &Path,
    topics: &[Topic],
    acts: &[Act],
    bp: Option<&BlueprintData>,
    today: Date,
    out: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    let mut items: Vec<CheckedItem> = Vec::new();
    for path in toml_files(dir, out) {
        let Some((text, file)) = parse::<ItemFile>(&path, out) else {
            continue;
        };
        let mut report = FileReport::new(&path, &text, out);
        if let Some(item) = check_item(&path, file, topics, acts, bp, today, &mut report) {
            items.push(item);
        }
    }
    items.sort_by(|x, y| x.0.id.cmp(&y.0.id));

    // Cross-item checks: duplicate ids and enemies. Reported against the file, so re-read lines.
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    let mut problems = Vec::new();
    // The enemies and successor as written (a malformed id is reported as unknown here: no
    // item has it).
    for (item, id_offset, enemies, successor) in &items {
        if let Some((of, offset)) = successor {
            if *of == item.id {
                problems.push((&item.path, *offset, Problem::OwnSuccessor));
            } else if items
                .binary_search_by(|(other, ..)| other.id.as_str().cmp(of))
                .is_err()
            {
                problems.push((
                    &item.path,
                    *offset,
                    Problem::UnknownSuccessor { of: of.clone() },
                ));
            }
        }
        if let Some(other) = first_seen.insert(item.id.as_str(), &item.path) {
            problems.push((
                &item.path,
                *id_offset,
                Problem::DuplicateId {
                    id: item.id.to_string(),
                    other: other.display().to_string(),
                },
            ));
        }
        for (enemy, offset) in enemies {
            if *enemy == item.id {
                problems.push((&item.path, *offset, Problem::OwnEnemy));
            } else if items
                .binary_search_by(|(other, ..)| other.id.as_str().cmp(enemy))
                .is_err()
            {
                problems.push((
                    &item.path,
                    *offset,
                    Problem::UnknownEnemy {
                        enemy: enemy.clone(),
                    },
                ));
            }
        }
    }
    for (path, offset, message) in problems {
        let text = fs::read_to_string(path).unwrap_or_default();
        FileReport::new(path, &text, out).error(offset, message);
    }
    // An item whose answer changes under the new act needs a successor written for that act.
    for (item, ..) in &items {
        if item.future_change.is_some()
            && matches!(item.status, Status::Active | Status::Pretest)
            && !items
                .iter()
                .any(|(other, ..)| other.successor_of.as_ref() == Some(&item.id))
        {
            let text = fs::read_to_string(&item.path).unwrap_or_default();
            let offset = text.find("future_change").unwrap_or(0);
            FileReport::new(&item.path, &text, out).warning(
                offset,
                Problem::SuccessorMissing {
                    id: item.id.to_string(),
                },
            );
        }
    }
    let mut items: Vec<Item> = items.into_iter().map(|(item, ..)| item).collect();
    items.dedup_by(|x, y| x.id == y.id);
    items
}

/// An id as an item file writes it (an enemy, a successor), with its byte offset.
type WrittenId = (String, usize);

/// An item with the offset of its id, and its enemies and successor as written.
type CheckedItem = (Item, usize, Vec<WrittenId>, Option<WrittenId>);

/// Validate one item file. Returns the item with the offset of its id, and its enemies and
/// successor as written with their offsets (for the cross-item checks), or `None` if it cannot
/// be used at all.
fn check_item(
    path: &Path,
    file: ItemFile,
    topics: &[Topic],
    acts: &[Act],
    bp: Option<&BlueprintData>,
    today: Date,
    report: &mut FileReport<'_>,
) -> Option<CheckedItem> {
    let id = file.id.get_ref().trim().to_string();
    let id_offset = file.id.span().start;
    let item_id = ItemId::parse(&id);
    if item_id.is_err() {
        report.error(id_offset, Problem::IdInvalid { id: id.clone() });
    }
    if path.file_stem().and_then(|s| s.to_str()) != Some(id.as_str()) {
        report.error(id_offset, Problem::IdNotFileName { id: id.clone() });
    }

    let topic_name = file.topic.get_ref();
    let topic = topics.iter().position(|t| t.id == *topic_name);
    match topic {
        None => report.error(
            file.topic.span().start,
            Problem::UnknownTopic {
                topic: topic_name.clone(),
            },
        ),
        Some(_) => {
            let folder = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|s| s.to_str());
            if folder != Some(topic_name.as_str()) {
                report.warning(
                    file.topic.span().start,
                    Problem::TopicFolder {
                        topic: topic_name.clone(),
                    },
                );
            }
        }
    }

    let status = Status::parse(file.status.get_ref());
    if status.is_none() {
        report.error(
            file.status.span().start,
            Problem::BadStatus {
                status: file.status.get_ref().clone(),
            },
        );
    }

    let reviewed = date_of(file.reviewed.get_ref());
    match reviewed {
        None => report.error(file.reviewed.span().start, Problem::BadReviewed),
        Some(date) if date > today => report.warning(
            file.reviewed.span().start,
            Problem::ReviewedInFuture { date },
        ),
        Some(date) => {
            let days = bp.map_or(730, |bp| bp.test.review_interval_days);
            if i64::from((today - date).get_days()) > i64::from(days) {
                report.warning(
                    file.reviewed.span().start,
                    Problem::ReviewDue { date, days },
                );
            }
        }
    }

    if file.stem.get_ref().trim().is_empty() {
        report.error(file.stem.span().start, Problem::EmptyStem);
    }
    if file.explanation.get_ref().trim().is_empty() {
        report.error(file.explanation.span().start, Problem::EmptyExplanation);
    }
    let options: Vec<String> = file
        .options
        .get_ref()
        .iter()
        .map(|o| o.get_ref().trim().to_string())
        .collect();
    if !(3..=5).contains(&options.len()) {
        report.error(
            file.options.span().start,
            Problem::OptionCount {
                found: options.len(),
            },
        );
    }
    for (ix, option) in file.options.get_ref().iter().enumerate() {
        let text = options[ix].as_str();
        if text.is_empty() {
            report.error(
                option.span().start,
                Problem::EmptyOption {
                    letter: super::Item::letter(ix),
                },
            );
        } else if options[..ix].iter().any(|o| o.eq_ignore_ascii_case(text)) {
            report.error(
                option.span().start,
                Problem::RepeatedOption {
                    letter: super::Item::letter(ix),
                },
            );
        }
    }
    let key_text = file.key.get_ref().trim();
    let key = match key_text.as_bytes() {
        [letter @ b'A'..=b'E'] if usize::from(letter - b'A') < options.len() => {
            Some(usize::from(letter - b'A'))
        }
        _ => {
            let last = super::Item::letter(options.len().max(1) - 1);
            report.error(
                file.key.span().start,
                Problem::KeyNotAnOption {
                    key: key_text.to_string(),
                    last,
                },
            );
            None
        }
    };

    if let Some(key) = key
        && status != Some(Status::Retired)
        && let Some((key_len, next)) = super::cues::key_stands_out(&options, key)
    {
        report.warning(file.key.span().start, Problem::KeyLongest { key_len, next });
    }

    if file.references.get_ref().is_empty() {
        report.error(file.references.span().start, Problem::NoReferences);
    }
    let in_use = matches!(status, Some(Status::Active | Status::Pretest));
    let successor = file.successor_of.is_some();
    let jurisdiction = bp.map_or_else(Default::default, |bp| bp.jurisdiction);
    let references: Vec<LawRef> = file
        .references
        .get_ref()
        .iter()
        .filter_map(|r| {
            let parsed = check_reference(report, acts, r, false, in_use, successor)?;
            check_ledd(report, acts, &parsed, r.span().start, jurisdiction);
            Some(parsed)
        })
        .collect();
    let future_references: Vec<LawRef> = file
        .future_references
        .iter()
        .filter_map(|r| check_reference(report, acts, r, true, in_use, successor))
        .collect();
    let future_change = file.future_change.as_ref().map(|note| {
        let text = note.get_ref().trim().to_string();
        if text.is_empty() {
            report.error(note.span().start, Problem::FutureChangeEmpty);
        } else if future_references.is_empty() {
            report.error(note.span().start, Problem::FutureChangeWithoutReferences);
        }
        text
    });
    let successor = file
        .successor_of
        .as_ref()
        .map(|s| (s.get_ref().trim().to_string(), s.span().start));
    let successor_of = successor
        .as_ref()
        .and_then(|(of, _)| ItemId::parse(of).ok());

    let irt = file.irt.get_ref();
    let (a, b, c) = (*irt.a.get_ref(), *irt.b.get_ref(), *irt.c.get_ref());
    for (name, value, range, offset) in [
        ("a", a, A_RANGE, irt.a.span().start),
        ("b", b, B_RANGE, irt.b.span().start),
        ("c", c, C_RANGE, irt.c.span().start),
    ] {
        if !(value >= range.0 && value <= range.1) {
            report.error(
                offset,
                Problem::ParameterOutOfRange {
                    name,
                    value: value.to_string(),
                    low: range.0.to_string(),
                    high: range.1.to_string(),
                },
            );
        }
    }
    if let Some(n_options) = (options.len() >= 2).then_some(options.len() as f64)
        && c > 1.5 / n_options
    {
        report.warning(
            irt.c.span().start,
            Problem::GuessingHigh {
                c: c.to_string(),
                options: options.len(),
            },
        );
    }
    let source = match (
        irt.source.get_ref().as_str(),
        irt.n,
        irt.calibrated_on.as_ref().map(date_of),
    ) {
        ("expert", None, None) => Some(ParamSource::Expert),
        ("expert", ..) => {
            report.error(irt.source.span().start, Problem::ExpertTakesNoCalibration);
            None
        }
        ("calibrated", Some(n), Some(Some(on))) => Some(ParamSource::Calibrated { n, on }),
        ("calibrated", ..) => {
            report.error(irt.source.span().start, Problem::CalibratedIncomplete);
            None
        }
        (other, ..) => {
            report.error(
                irt.source.span().start,
                Problem::BadSource {
                    source: other.to_string(),
                },
            );
            None
        }
    };
    if source == Some(ParamSource::Expert) && status == Some(Status::Active) {
        report.warning(file.irt.span().start, Problem::ExpertParameters);
    }

    let written_enemies: Vec<WrittenId> = file
        .enemies
        .iter()
        .map(|e| (e.get_ref().trim().to_string(), e.span().start))
        .collect();
    let enemies = written_enemies
        .iter()
        .filter_map(|(enemy, _)| ItemId::parse(enemy).ok())
        .collect();

    let nynorsk = bp.map_or(Nynorsk::Optional, |bp| bp.nynorsk);
    let nn = check_item_nn(report, file.nn, &options, key, status, id_offset, nynorsk);

    let params = ItemParams::new(a, b, c);
    if report.errors() > 0 {
        return None;
    }
    // A malformed id is an error above, so it is well formed here.
    let (id, topic, status, reviewed, key, source, params) = (
        item_id.ok()?,
        topic?,
        status?,
        reviewed?,
        key?,
        source?,
        params.ok()?,
    );
    let stem = file.stem.into_inner().trim().to_string();
    let version = item_version(&stem, &options, key);
    let item = Item {
        id,
        topic,
        status,
        author: file.author,
        reviewed,
        secret: file.secret,
        stem,
        options,
        key,
        explanation: file.explanation.into_inner().trim().to_string(),
        references,
        future_references,
        future_change,
        successor_of,
        enemies,
        tags: file.tags,
        params,
        source,
        version,
        path: path.to_path_buf(),
        nn,
    };
    Some((item, id_offset, written_enemies, successor))
}

/// Check an item's `[nn]` form against its bokmål options: every field present and not empty,
/// as many options, none repeated. An active item without one is an error in a bank that
/// declares nynorsk (`[bank] forms`), otherwise a warning (nynorsk readers get bokmål); in a
/// bank that is not Norwegian the table itself is the error.
fn check_item_nn(
    report: &mut FileReport<'_>,
    nn: Option<Spanned<ItemNn>>,
    options: &[String],
    key: Option<usize>,
    status: Option<Status>,
    id_offset: usize,
    rule: Nynorsk,
) -> Option<ItemText> {
    let Some(nn) = nn else {
        if matches!(status, Some(Status::Active)) {
            match rule {
                Nynorsk::Required => report.error(id_offset, Problem::NynorskMissing),
                Nynorsk::Optional => report.warning(id_offset, Problem::NynorskMissing),
                Nynorsk::Absent => {}
            }
        }
        return None;
    };
    if rule == Nynorsk::Absent {
        report.error(nn.span().start, Problem::NynorskNotNorwegian);
        return None;
    }
    let start = report.errors();
    let nn = nn.into_inner();
    let stem = nn.stem.get_ref().trim().to_string();
    if stem.is_empty() {
        report.error(nn.stem.span().start, Problem::NnEmptyStem);
    }
    let explanation = nn.explanation.get_ref().trim().to_string();
    if explanation.is_empty() {
        report.error(nn.explanation.span().start, Problem::NnEmptyExplanation);
    }
    let nn_options: Vec<String> = nn
        .options
        .get_ref()
        .iter()
        .map(|o| o.get_ref().trim().to_string())
        .collect();
    if nn_options.len() != options.len() {
        report.error(
            nn.options.span().start,
            Problem::NnOptionCount {
                nn: nn_options.len(),
                item: options.len(),
            },
        );
    }
    for (ix, option) in nn.options.get_ref().iter().enumerate() {
        let text = nn_options[ix].as_str();
        if text.is_empty() {
            report.error(
                option.span().start,
                Problem::NnEmptyOption {
                    letter: Item::letter(ix),
                },
            );
        } else if nn_options[..ix]
            .iter()
            .any(|o| o.eq_ignore_ascii_case(text))
        {
            report.error(
                option.span().start,
                Problem::NnRepeatedOption {
                    letter: Item::letter(ix),
                },
            );
        }
    }
    if report.errors() > start {
        return None;
    }
    if let Some(key) = key
        && status != Some(Status::Retired)
        && let Some((key_len, next)) = super::cues::key_stands_out(&nn_options, key)
    {
        report.warning(
            nn.options.span().start,
            Problem::NnKeyLongest { key_len, next },
        );
    }
    Some(ItemText {
        stem,
        options: nn_options,
        explanation,
    })
}

/// Check a topic's `[nn]` texts: present and not empty, as many reflection questions as in
/// bokmål. A topic without one is an error in a bank that declares nynorsk, otherwise a warning.
fn check_topic_nn(
    report: &mut FileReport<'_>,
    nn: Option<Spanned<TopicNn>>,
    n_reflection: usize,
    rule: Nynorsk,
) -> Option<TopicText> {
    let Some(nn) = nn else {
        match rule {
            Nynorsk::Required => report.error(0, Problem::TopicNynorskMissing),
            Nynorsk::Optional => report.warning(0, Problem::TopicNynorskMissing),
            Nynorsk::Absent => {}
        }
        return None;
    };
    if rule == Nynorsk::Absent {
        report.error(nn.span().start, Problem::NynorskNotNorwegian);
        return None;
    }
    let start = report.errors();
    let nn = nn.into_inner();
    for (problem, value) in [
        (Problem::TopicNnEmptyName, &nn.name),
        (Problem::TopicNnEmptyDescription, &nn.description),
    ] {
        if value.get_ref().trim().is_empty() {
            report.error(value.span().start, problem);
        }
    }
    if nn.reflection.get_ref().len() != n_reflection {
        report.error(
            nn.reflection.span().start,
            Problem::TopicNnReflectionCount {
                nn: nn.reflection.get_ref().len(),
                topic: n_reflection,
            },
        );
    }
    for (ix, question) in nn.reflection.get_ref().iter().enumerate() {
        if question.get_ref().trim().is_empty() {
            report.error(
                question.span().start,
                Problem::TopicNnReflectionEmpty { number: ix + 1 },
            );
        }
    }
    (report.errors() == start).then(|| TopicText {
        name: nn.name.into_inner().trim().to_string(),
        description: nn.description.into_inner().trim().to_string(),
        reflection: nn
            .reflection
            .into_inner()
            .into_iter()
            .map(|q| q.into_inner().trim().to_string())
            .collect(),
    })
}

fn check_active_counts(
    bp: &BlueprintData,
    topics: &[Topic],
    items: &[Item],
    out: &mut Vec<Diagnostic>,
) {
    let mut active: BTreeMap<usize, usize> = BTreeMap::new();
    for item in items.iter().filter(|i| i.status == Status::Active) {
        *active.entry(item.topic).or_default() += 1;
    }
    let mut report = FileReport::new(&bp.path, &bp.text, out);
    for (ix, topic) in topics.iter().enumerate() {
        let count = active.get(&ix).copied().unwrap_or(0);
        let offset = bp
            .topics
            .iter()
            .find(|(id, ..)| *id == topic.id)
            .map_or(0, |t| t.2);
        if count < bp.min_active_per_topic {
            report.error(
                offset,
                Problem::TopicBelowMinimum {
                    topic: topic.id.clone(),
                    count,
                    min: bp.min_active_per_topic,
                },
            );
        } else if count < topic.max {
            report.error(
                offset,
                Problem::TopicBelowMax {
                    topic: topic.id.clone(),
                    count,
                    max: topic.max,
                },
            );
        }
    }
}

/// Read the optional exposure file: `id,k` per active item. Unknown ids and values outside [0, 1]
/// are errors; active items without a row are a warning (the file is stale: re-run
/// `forvalt exposure`), and they are treated as K = 1 (no restriction).
fn load_exposure(
    path: &Path,
    items: &[Item],
    out: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<ItemId, f64>> {
    if !path.exists() {
        return None;
    }
    let text = read(path, out)?;
    let mut report = FileReport::new(path, &text, out);
    let line_start = |line: usize| -> usize {
        text.split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum()
    };
    let (rows, errors) = crate::interchange::read_exposure(path);
    for error in errors {
        report.error(line_start(error.line), exposure_problem(error.problem));
    }
    let mut k = BTreeMap::new();
    for row in rows {
        match items.binary_search_by(|item| item.id.as_str().cmp(&row.id)) {
            Ok(ix) if items[ix].status == Status::Active => {
                k.insert(items[ix].id.clone(), row.k);
            }
            Ok(_) => report.warning(
                line_start(row.line),
                Problem::ExposureNotActive { id: row.id },
            ),
            Err(_) => report.error(
                line_start(row.line),
                Problem::ExposureUnknownItem { id: row.id },
            ),
        }
    }
    let missing = items
        .iter()
        .filter(|i| i.status == Status::Active && !k.contains_key(&i.id))
        .count();
    if missing > 0 {
        report.warning(0, Problem::ExposureMissing { count: missing });
    }
    Some(k)
}

/// A reference that does not parse, as a problem.
fn ref_problem(e: super::reference::RefError) -> Problem {
    match e {
        super::reference::RefError::Shape(reference) => Problem::ReferenceShape { reference },
        super::reference::RefError::Section(reference, section) => {
            Problem::ReferenceSection { reference, section }
        }
    }
}

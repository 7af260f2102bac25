//! The law-change registry, `law-changes.toml`: sections of an act that changed on a date.
//!
//! An item that cites a changed section and was last reviewed before the change is flagged for
//! review: `bank check` warns about it, and the author area lists it with one action that sends
//! the flagged items back to draft or retires them. The file is optional.
//!
//! ```toml
//! [[change]]
//! act = "forvaltningsloven"   # a name from laws.toml
//! section = "17"              # one section: a number with an optional letter
//! ledd = 2                    # optional: only this ledd (Danish: stk.) changed
//! changed_on = 2026-07-01     # the day the change took effect (TOML date)
//! note = "Utredningsplikten presisert"   # optional
//! ```
//!
//! `ledd` is optional (files written before it existed stay valid): without it the whole section
//! changed. With it, an item is flagged when it cites the section without naming a ledd, or
//! names this ledd (or only "siste ledd", which cannot be told apart without the official
//! text); an item citing only other ledd of the section is not. A ledd must be at least 1 and,
//! where `laws.toml` gives the section's number of ledd, at most that.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::diagnostic::{FileReport, Problem, toml_error};
use super::{Act, Diagnostic, Item, ItemBank, LawRef, Status};

/// The registry's file name inside the bank folder.
pub const LAW_CHANGES_FILE: &str = "law-changes.toml";

/// One registered change of one section.
#[derive(Debug, Clone, PartialEq)]
pub struct LawChange {
    /// The act's name as in `laws.toml`.
    pub act: String,
    /// The section, lower-cased ("11a").
    pub section: String,
    /// The one ledd that changed; `None`: the whole section.
    pub ledd: Option<u32>,
    pub changed_on: Date,
    pub note: String,
}

impl LawChange {
    /// "act § section".
    pub fn section_key(&self) -> String {
        format!("{} § {}", self.act, self.section)
    }

    /// Whether `other` registers the same change: the same section changed on the same day
    /// (the registry holds each once).
    pub fn same_as(&self, other: &LawChange) -> bool {
        self.section_key() == other.section_key()
            && self.ledd == other.ledd
            && self.changed_on == other.changed_on
    }

    /// Whether `item` cites this section (current references only: future references point at
    /// an act not yet in force) and was last reviewed before the change.
    pub fn affects(&self, item: &Item) -> bool {
        self.affects_references(&item.references, item.reviewed)
    }

    /// Whether an item citing `references`, last reviewed on `reviewed`, is affected.
    pub fn affects_references(&self, references: &[LawRef], reviewed: Date) -> bool {
        reviewed < self.changed_on
            && references.iter().any(|r| {
                r.act.eq_ignore_ascii_case(&self.act)
                    && r.section == self.section
                    && match (self.ledd, r.ledd()) {
                        // A reference to other ledd only is not touched by this change.
                        (Some(changed), Some(cited)) if !cited.is_empty() => {
                            cited.contains(&changed)
                        }
                        _ => true,
                    }
            })
    }
}

/// An item flagged by the registry, with the changes that flag it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedItem<'a> {
    pub item: &'a Item,
    pub changes: Vec<&'a LawChange>,
}

/// Items (other than retired ones) that cite a changed section and were reviewed before the
/// change, in id order.
pub fn flagged_items<'a>(bank: &'a ItemBank) -> Vec<FlaggedItem<'a>> {
    bank.items
        .iter()
        .filter(|item| item.status != Status::Retired)
        .filter_map(|item| {
            let changes: Vec<&LawChange> = bank
                .law_changes
                .iter()
                .filter(|change| change.affects(item))
                .collect();
            (!changes.is_empty()).then_some(FlaggedItem { item, changes })
        })
        .collect()
}

/// What to do with the items a law change flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Back to draft: out of live tests until an author has reviewed and re-activated them.
    Draft,
    Retire,
}

impl ReviewAction {
    pub fn parse(text: &str) -> Option<ReviewAction> {
        match text.trim() {
            "draft" => Some(ReviewAction::Draft),
            "retired" | "retire" => Some(ReviewAction::Retire),
            _ => None,
        }
    }

    pub fn status(self) -> Status {
        match self {
            ReviewAction::Draft => Status::Draft,
            ReviewAction::Retire => Status::Retired,
        }
    }
}

/// Set every flagged item that does not already have the action's status to it, in its file,
/// and reload the bank. Returns the ids changed and the reloaded bank; nothing is written when
/// the result would not pass `bank check`.
pub fn send_flagged_to(
    bank: &ItemBank,
    action: ReviewAction,
    today: Date,
) -> Result<(Vec<super::ItemId>, ItemBank), super::writeback::WritebackError> {
    let to = action.status();
    let chosen: Vec<&Item> = flagged_items(bank)
        .into_iter()
        .map(|f| f.item)
        .filter(|item| item.status != to)
        .collect();
    let edits: Vec<_> = chosen
        .iter()
        .map(|item| (item.path.clone(), super::writeback::Edit::Status(to)))
        .collect();
    let reloaded = super::writeback::apply(&bank.dir, &edits, today)?;
    Ok((chosen.iter().map(|i| i.id.clone()).collect(), reloaded))
}

/// Parse and check a change given on the command line (the same rules as the file).
pub fn new_change(
    acts: &[Act],
    act: &str,
    section: &str,
    changed_on: Date,
    note: &str,
) -> Result<LawChange, Problem> {
    let act = find_act(acts, act)?;
    let section = parse_section(act, section)?;
    Ok(LawChange {
        act: act.name.clone(),
        section,
        ledd: None,
        changed_on,
        note: note.trim().to_string(),
    })
}

/// An act by its name (case-insensitive) or Lovdata id.
pub fn find_act<'a>(acts: &'a [Act], name: &str) -> Result<&'a Act, Problem> {
    let name = name.trim();
    acts.iter()
        .find(|a| a.name.eq_ignore_ascii_case(name) || a.id.eq_ignore_ascii_case(name))
        .ok_or_else(|| Problem::UnknownAct {
            act: name.to_string(),
            known: acts.iter().map(|a| a.name.clone()).collect(),
        })
}

/// A ledd of `section` of `act`: at least 1 and, where `laws.toml` gives the section's number of
/// ledd, at most that.
pub fn check_ledd(act: &Act, section: &str, ledd: i64) -> Result<u32, Problem> {
    let most = act.ledd.get(section).copied();
    match u32::try_from(ledd) {
        Ok(l) if l >= 1 && most.is_none_or(|m| l <= m) => Ok(l),
        _ => Err(match most {
            Some(most) => Problem::ChangeLeddBeyond {
                ledd,
                section: format!("{} § {section}", act.name),
                most,
            },
            None => Problem::ChangeLeddFromOne { ledd },
        }),
    }
}

/// One bare section of `act` ("17", "11a"), lower-cased.
pub fn parse_section(act: &Act, section: &str) -> Result<String, Problem> {
    let section = section.trim().trim_start_matches('§').trim();
    match LawRef::parse(&format!("{} § {section}", act.name)) {
        Ok(r) if r.detail.is_empty() => Ok(r.section),
        _ => Err(Problem::ChangeSection {
            section: section.to_string(),
        }),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangesFile {
    #[serde(default)]
    change: Vec<Spanned<ChangeEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeEntry {
    act: Spanned<String>,
    section: Spanned<String>,
    #[serde(default)]
    ledd: Option<Spanned<i64>>,
    changed_on: Spanned<Datetime>,
    #[serde(default)]
    note: String,
}

/// Read the registry in `path` (absent: no changes), reporting problems with file and line.
pub(crate) fn load_law_changes(
    path: &Path,
    acts: &[Act],
    today: Date,
    out: &mut Vec<Diagnostic>,
) -> Vec<LawChange> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(text) = super::load::read(path, out) else {
        return Vec::new();
    };
    let mut report = FileReport::new(path, &text, out);
    let file: ChangesFile = match toml::from_str(&text) {
        Ok(file) => file,
        Err(e) => {
            toml_error(&mut report, &e);
            return Vec::new();
        }
    };
    let mut changes: Vec<LawChange> = Vec::new();
    for entry in file.change {
        let entry = entry.into_inner();
        let act = match find_act(acts, entry.act.get_ref()) {
            Ok(act) => act,
            Err(message) => {
                report.error(entry.act.span().start, message);
                continue;
            }
        };
        let section = match parse_section(act, entry.section.get_ref()) {
            Ok(section) => section,
            Err(message) => {
                report.error(entry.section.span().start, message);
                continue;
            }
        };
        let ledd = match &entry.ledd {
            None => None,
            Some(ledd) => match check_ledd(act, &section, *ledd.get_ref()) {
                Ok(l) => Some(l),
                Err(message) => {
                    report.error(ledd.span().start, message);
                    continue;
                }
            },
        };
        let value = entry.changed_on.get_ref();
        let changed_on = match (value.date, value.time, value.offset) {
            (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8).ok(),
            _ => None,
        };
        let Some(changed_on) = changed_on else {
            report.error(entry.changed_on.span().start, Problem::ChangeDate);
            continue;
        };
        if changed_on > today {
            report.warning(
                entry.changed_on.span().start,
                Problem::ChangeInFuture { date: changed_on },
            );
        }
        let change = LawChange {
            act: act.name.clone(),
            section,
            ledd,
            changed_on,
            note: entry.note.trim().to_string(),
        };
        if changes.iter().any(|c| c.same_as(&change)) {
            report.error(
                entry.act.span().start,
                Problem::ChangeTwice {
                    section: change.section_key(),
                    date: changed_on,
                },
            );
            continue;
        }
        changes.push(change);
    }
    changes
}

/// Warnings for `bank check`: each item flagged by the registry, at its `reviewed` line.
pub(crate) fn check_items(items: &[Item], changes: &[LawChange], out: &mut Vec<Diagnostic>) {
    for item in items.iter().filter(|i| i.status != Status::Retired) {
        let hits: Vec<&LawChange> = changes.iter().filter(|c| c.affects(item)).collect();
        if hits.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(&item.path).unwrap_or_default();
        let offset = text
            .lines()
            .scan(0, |start, line| {
                let here = *start;
                *start += line.len() + 1;
                Some((here, line))
            })
            .find(|(_, line)| line.trim_start().starts_with("reviewed"))
            .map_or(0, |(offset, _)| offset);
        FileReport::new(&item.path, &text, out).warning(
            offset,
            Problem::CitesChangedSection {
                reviewed: item.reviewed,
                changes: hits
                    .iter()
                    .map(|c| (c.section_key(), c.changed_on))
                    .collect(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acts() -> Vec<Act> {
        vec![Act {
            name: "forvaltningsloven".into(),
            id: "LOV-1967-02-10".into(),
            title: "Forvaltningsloven".into(),
            in_force: true,
            repealed: false,
            ledd: [("17".to_string(), 3)].into_iter().collect(),
            replaces: None,
            url: None,
        }]
    }

    fn load(text: &str) -> (Vec<LawChange>, Vec<Diagnostic>) {
        let dir = std::env::temp_dir().join(format!("forvalt-lawchange-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}.toml", text.len()));
        std::fs::write(&path, text).unwrap();
        let mut out = Vec::new();
        let changes = load_law_changes(&path, &acts(), jiff::civil::date(2026, 11, 23), &mut out);
        let _ = std::fs::remove_file(&path);
        (changes, out)
    }

    #[test]
    fn reads_changes_and_accepts_lovdata_ids() {
        let (changes, out) = load(
            "[[change]]\nact = \"LOV-1967-02-10\"\nsection = \"17\"\nchanged_on = 2026-07-01\nnote = \" Ny \"\n",
        );
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].act, "forvaltningsloven");
        assert_eq!(changes[0].section_key(), "forvaltningsloven § 17");
        assert_eq!(changes[0].note, "Ny");
    }

    #[test]
    fn refuses_unknown_acts_bad_sections_dates_and_duplicates_with_lines() {
        let (changes, out) = load(concat!(
            "[[change]]\nact = \"fvl\"\nsection = \"17\"\nchanged_on = 2026-07-01\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17 første ledd\"\nchanged_on = 2026-07-01\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-07-01T10:00:00\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"18\"\nchanged_on = 2026-07-01\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"18\"\nchanged_on = 2026-07-01\n",
        ));
        assert_eq!(changes.len(), 1);
        let lines: Vec<(usize, &str)> = out.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0].0, 2);
        assert!(lines[0].1.contains("unknown act \"fvl\""));
        assert_eq!(lines[1].0, 7);
        assert!(lines[1].1.contains("one section"));
        assert_eq!(lines[2].0, 12);
        assert!(lines[2].1.contains("a date"));
        assert_eq!(lines[3].0, 18);
        assert!(lines[3].1.contains("listed twice"));
    }

    #[test]
    fn unknown_fields_are_errors() {
        let (_, out) = load("[[change]]\nact = \"forvaltningsloven\"\nparagraf = \"17\"\n");
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("paragraf"), "{out:?}");
    }

    #[test]
    fn a_ledd_is_optional_checked_and_narrows_what_is_flagged() {
        let (changes, out) = load(concat!(
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nledd = 2\nchanged_on = 2026-07-01\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-07-01\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nledd = 4\nchanged_on = 2026-07-01\n",
            "[[change]]\nact = \"forvaltningsloven\"\nsection = \"18\"\nledd = 0\nchanged_on = 2026-07-01\n",
        ));
        // With and without a ledd on the same day are two changes; ledd 4 of a section with 3
        // and ledd 0 are refused at their lines.
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].ledd, Some(2));
        assert_eq!(changes[1].ledd, None);
        let lines: Vec<(usize, &str)> = out.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, 13);
        assert!(lines[0].1.contains("ledd 1 to 3"), "{lines:?}");
        assert_eq!(lines[1].0, 18);
        assert!(lines[1].1.contains("from 1"), "{lines:?}");

        let cites = |reference: &str| LawRef::parse(reference).unwrap();
        let second = &changes[0];
        let affects = |reference: &str| {
            second.affects_references(&[cites(reference)], jiff::civil::date(2026, 1, 1))
        };
        assert!(affects("forvaltningsloven § 17"), "the whole section");
        assert!(affects("forvaltningsloven § 17 andre ledd"));
        assert!(affects("forvaltningsloven § 17 første og andre ledd"));
        assert!(
            affects("forvaltningsloven § 17 siste ledd"),
            "cannot tell: flagged"
        );
        assert!(!affects("forvaltningsloven § 17 første ledd"));
        assert!(!affects("forvaltningsloven § 18 andre ledd"));
    }
}

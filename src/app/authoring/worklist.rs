//! The authors' worklist: what needs attention, most important first, in plain words.
//!
//! Each item's flags ([`super::Flag`]) and the bank check's length cue become short sentences an
//! author understands ("for lett: 96 % riktig", "skiller dårlig mellom sterke og svake"). A
//! warning that holds for every active item (no item calibrated yet) is said once for the bank,
//! not on every item. Retired items are left out.

use super::{BankStatistics, Flag};
use crate::bank::{ItemBank, ItemId, Status, cues};

/// Why an item needs attention, phrased for the reader by [`Reason::words`].
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Those who otherwise do well answer wrong more often: is the key right?
    WrongWay,
    /// The cited sections that changed.
    LawChanged(Vec<String>),
    /// Expected share correct.
    TooEasy(f64),
    TooHard(f64),
    Weak,
    /// Share of the tests that showed it.
    OverExposed(f64),
    /// Last reviewed.
    ReviewOverdue(jiff::civil::Date),
    /// One written form is harder; `true` when it is the nynorsk one.
    FormHarder(bool),
    NotCalibrated,
    KeyLongest,
}

impl Reason {
    /// The reason in plain words, in the reader's form.
    pub fn words(&self, t: &crate::text::author::Author) -> String {
        match self {
            Reason::WrongWay => t.wl_wrong_way.to_string(),
            Reason::LawChanged(sections) => (t.wl_law_changed)(&sections.join(", ")),
            Reason::TooEasy(p) => (t.wl_too_easy)(*p),
            Reason::TooHard(p) => (t.wl_too_hard)(*p),
            Reason::Weak => t.wl_weak.to_string(),
            Reason::OverExposed(rate) => (t.wl_over_exposed)(*rate),
            Reason::ReviewOverdue(reviewed) => (t.wl_review_overdue)(&reviewed.to_string()),
            Reason::FormHarder(nynorsk) => (t.wl_form_harder)(*nynorsk),
            Reason::NotCalibrated => t.wl_not_calibrated.to_string(),
            Reason::KeyLongest => t.wl_key_longest.to_string(),
        }
    }
}

/// One item that needs attention.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    pub id: ItemId,
    /// 0 is the most important (see [`worklist`]).
    pub rank: u8,
    /// Most important first.
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Worklist {
    /// No active item is calibrated yet: said once, for the whole bank
    /// ([`crate::text::author::Author::wl_uncalibrated_bank`]), not on every item.
    pub uncalibrated_everywhere: bool,
    pub items: Vec<Attention>,
}

/// The worklist of `bank` from its statistics (same items, same order). Ranks: 0 answers point
/// the wrong way (is the key right?), 1 the cited law changed, 2 far too easy or too hard,
/// 3 separates poorly or is shown too often, 4 review overdue, 5 the key is the longest option,
/// 6 not calibrated (when some items are).
pub fn worklist(bank: &ItemBank, statistics: &BankStatistics) -> Worklist {
    let live = |s: Status| s != Status::Retired;
    let uncalibrated_everywhere = bank
        .items
        .iter()
        .zip(&statistics.items)
        .filter(|(i, _)| i.status == Status::Active)
        .all(|(_, s)| s.flags.contains(&Flag::ExpertParameters));
    let mut out = Worklist {
        uncalibrated_everywhere,
        ..Worklist::default()
    };
    for (item, s) in bank.items.iter().zip(&statistics.items) {
        if !live(item.status) {
            continue;
        }
        let mut found: Vec<(u8, usize, Reason)> = Vec::new();
        for flag in &s.flags {
            let (rank, reason) = match flag {
                Flag::NegativeDiscrimination(_) => (0, Reason::WrongWay),
                Flag::LawChanged(changes) => (
                    1,
                    Reason::LawChanged(changes.iter().map(|c| c.section_key()).collect()),
                ),
                Flag::TooEasy(p) => (2, Reason::TooEasy(*p)),
                Flag::TooHard(p) => (2, Reason::TooHard(*p)),
                Flag::WeakDiscrimination(_) => (3, Reason::Weak),
                Flag::OverExposed { rate, .. } => (3, Reason::OverExposed(*rate)),
                Flag::ReviewOverdue { reviewed, .. } => (4, Reason::ReviewOverdue(*reviewed)),
                Flag::FormHarder { harder, .. } => (1, Reason::FormHarder(!harder.is_nb())),
                Flag::ExpertParameters if uncalibrated_everywhere => continue,
                Flag::ExpertParameters => (6, Reason::NotCalibrated),
            };
            found.push((rank, found.len(), reason));
        }
        if cues::key_stands_out(&item.options, item.key).is_some() {
            found.push((5, found.len(), Reason::KeyLongest));
        }
        if found.is_empty() {
            continue;
        }
        found.sort_by_key(|(rank, order, _)| (*rank, *order));
        out.items.push(Attention {
            id: item.id.clone(),
            rank: found[0].0,
            reasons: found.into_iter().map(|(_, _, r)| r).collect(),
        });
    }
    out.items
        .sort_by(|x, y| (x.rank, &x.id).cmp(&(y.rank, &y.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::authoring::item_statistics;

    fn fixture() -> (ItemBank, BankStatistics) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank");
        let today = jiff::civil::date(2026, 11, 23);
        let bank = crate::bank::load(&dir, today).bank.unwrap();
        let statistics = item_statistics(&bank, &[], today, 5);
        (bank, statistics)
    }

    #[test]
    fn a_warning_on_every_item_is_said_once_for_the_bank() {
        let (bank, statistics) = fixture();
        assert!(
            statistics
                .items
                .iter()
                .all(|s| s.flags.contains(&Flag::ExpertParameters))
        );
        let list = worklist(&bank, &statistics);
        assert!(list.uncalibrated_everywhere);
        assert!(list.items.is_empty(), "{:?}", list.items);
    }

    #[test]
    fn the_most_important_comes_first_in_plain_words() {
        let (bank, mut statistics) = fixture();
        statistics.items[0].flags.push(Flag::TooEasy(0.96));
        statistics.items[5]
            .flags
            .push(Flag::WeakDiscrimination(0.1));
        statistics.items[7]
            .flags
            .push(Flag::NegativeDiscrimination(-0.2));
        // One calibrated item: the others are then flagged one by one, last.
        statistics.items[9].flags.clear();
        let list = worklist(&bank, &statistics);
        assert!(!list.uncalibrated_everywhere);
        let t = &crate::text::Form::Nb.texts().author;
        let first: Vec<(&str, String)> = list
            .items
            .iter()
            .take(3)
            .map(|a| (a.id.as_str(), a.reasons[0].words(t)))
            .collect();
        assert_eq!(
            first,
            [
                (
                    bank.items[7].id.as_str(),
                    "de som ellers gjør det godt, svarer oftere feil: sjekk fasiten".to_string()
                ),
                (
                    bank.items[0].id.as_str(),
                    "for lett: 96 % riktig".to_string()
                ),
                (
                    bank.items[5].id.as_str(),
                    "skiller dårlig mellom sterke og svake".to_string()
                ),
            ]
        );
        assert_eq!(list.items[3].reasons, [Reason::NotCalibrated]);
        assert_eq!(list.items[3].reasons[0].words(t), "ikke kalibrert ennå");
        assert!(!list.items.iter().any(|a| a.id == bank.items[9].id));
    }
}

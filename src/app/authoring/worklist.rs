//! The authors' worklist: what needs attention, most important first, in plain words.
//!
//! Each item's flags ([`super::Flag`]) and the bank check's length cue become short sentences an
//! author understands ("for lett: 96 % riktig", "skiller dårlig mellom sterke og svake"). A
//! warning that holds for every active item (no item calibrated yet) is said once for the bank,
//! not on every item. Retired items are left out.

use super::{BankStatistics, Flag};
use crate::bank::{ItemBank, Status, cues};

/// One item that needs attention.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    pub id: String,
    /// 0 is the most important (see [`worklist`]).
    pub rank: u8,
    /// Most important first.
    pub words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Worklist {
    /// Said once, for the whole bank.
    pub bank_wide: Vec<String>,
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
    let mut out = Worklist::default();
    if uncalibrated_everywhere {
        out.bank_wide.push(
            "Ingen aktive oppgaver er kalibrert ennå: vanskelighet og skilleevne er anslått av fagpersoner. \
             Det gjelder hele banken og står derfor bare her."
                .to_string(),
        );
    }
    for (item, s) in bank.items.iter().zip(&statistics.items) {
        if !live(item.status) {
            continue;
        }
        let mut found: Vec<(u8, String)> = Vec::new();
        for flag in &s.flags {
            let said = match flag {
                Flag::NegativeDiscrimination(_) => (
                    0,
                    "de som ellers gjør det godt, svarer oftere feil: sjekk fasiten".to_string(),
                ),
                Flag::LawChanged(changes) => {
                    let list: Vec<String> = changes.iter().map(|c| c.section_key()).collect();
                    (
                        1,
                        format!("sitert paragraf er endret ({})", list.join(", ")),
                    )
                }
                Flag::TooEasy(p) => (2, format!("for lett: {:.0} % riktig", p * 100.0)),
                Flag::TooHard(p) => (2, format!("for vanskelig: {:.0} % riktig", p * 100.0)),
                Flag::WeakDiscrimination(_) => {
                    (3, "skiller dårlig mellom sterke og svake".to_string())
                }
                Flag::OverExposed { rate, .. } => (
                    3,
                    format!("vises for ofte: i {:.0} % av testene", rate * 100.0),
                ),
                Flag::ReviewOverdue { reviewed, .. } => (
                    4,
                    format!("bør gjennomgås faglig på nytt (sist {reviewed})"),
                ),
                Flag::FormHarder { harder, .. } => (
                    1,
                    format!(
                        "{}-formen er vanskeligere enn den andre: sjekk oversettelsen",
                        if harder.is_nb() {
                            "bokmåls"
                        } else {
                            "nynorsk"
                        }
                    ),
                ),
                Flag::ExpertParameters if uncalibrated_everywhere => continue,
                Flag::ExpertParameters => (6, "ikke kalibrert ennå".to_string()),
            };
            found.push(said);
        }
        if cues::key_stands_out(&item.options, item.key).is_some() {
            found.push((5, "riktig svar er det lengste alternativet".to_string()));
        }
        if found.is_empty() {
            continue;
        }
        found.sort();
        out.items.push(Attention {
            id: item.id.clone(),
            rank: found[0].0,
            words: found.into_iter().map(|(_, w)| w).collect(),
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
        let statistics = item_statistics(&bank, &[], today);
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
        assert_eq!(list.bank_wide.len(), 1);
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
        assert!(list.bank_wide.is_empty());
        let first: Vec<(&str, &str)> = list
            .items
            .iter()
            .take(3)
            .map(|a| (a.id.as_str(), a.words[0].as_str()))
            .collect();
        assert_eq!(
            first,
            [
                (
                    bank.items[7].id.as_str(),
                    "de som ellers gjør det godt, svarer oftere feil: sjekk fasiten"
                ),
                (bank.items[0].id.as_str(), "for lett: 96 % riktig"),
                (
                    bank.items[5].id.as_str(),
                    "skiller dårlig mellom sterke og svake"
                ),
            ]
        );
        assert_eq!(list.items[3].words, ["ikke kalibrert ennå"]);
        assert!(!list.items.iter().any(|a| a.id == bank.items[9].id));
    }
}

//! What HR reads first: the department × topic cells to act on, most important first, as
//! structured findings (department row, topic, share right, expected share, which comparison
//! flagged it), and the comparisons HR asks of a cell. The pure core phrases nothing: the web
//! layer words a finding from the text catalogue (`text::hr`), in the reader's language.
//!
//! # One vocabulary
//! A word never claims more than its 95 % interval shows: every word of the catalogue belongs to
//! a [`Band`] (set in `band` of the parent module), and [`Band::consistent_with`] is the
//! invariant each band keeps:
//! - "clearly weaker" only for a flagged cell: the interval lies wholly below the reference and
//!   the cell survives the correction for many comparisons;
//! - "weaker" when the interval lies wholly below but the correction does not keep it;
//! - "perhaps" and "no clear difference" only when the interval contains the reference;
//! - "stronger" only when the interval lies wholly above.
//!
//! # Percent, not logits
//! Every figure of a finding is an expected share right on the topic's typical item (see the
//! parent module): what the department would get right, and what was expected.

use super::{Band, Cell, CellStats, Comparison, Report, Z95};

/// The two questions HR asks of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Question {
    /// "Which topic should this department work on first?": the topic against the department's
    /// own level in the other topics.
    Relative,
    /// "Is this department weak in the topic?": against the organisation.
    Absolute,
}

impl Band {
    /// Whether this word agrees with the comparison's interval and flag: the invariant of the
    /// vocabulary.
    pub fn consistent_with(self, c: &Comparison) -> bool {
        let (low, high) = (c.interval.low, c.interval.high);
        let contains_zero = low <= 0.0 && 0.0 <= high;
        match self {
            Band::ClearlyBelow => c.weak && high < 0.0,
            Band::Below => !c.weak && high < 0.0,
            Band::PossiblyBelow => contains_zero && c.difference < 0.0,
            Band::NoClearDifference => contains_zero,
            Band::PossiblyAbove => contains_zero && c.difference > 0.0,
            Band::ClearlyAbove => low > 0.0,
        }
    }
}

/// One thing to act on (a finding), in the order of [`actions`]. The web layer phrases it: for a
/// topic flagged relatively, "department: topic – clearly weaker than the department's other
/// topics: 48 % right where 64 % was expected"; the words of a flagged cell are those of
/// [`Band::ClearlyBelow`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Action {
    /// Row of the report (index into `Report::groups`).
    pub row: usize,
    pub what: ActionKind,
    /// The gap in percentage points on the typical item(s): how much more the department would
    /// get right without the weakness. What the ranking sorts by.
    pub points: f64,
    /// The department's share right and what was expected (0–1).
    pub share: f64,
    pub expected: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum ActionKind {
    /// One topic, flagged by the relative statistic, the absolute one or both.
    Topic {
        topic: usize,
        relative: bool,
        absolute: bool,
    },
    /// The department is flagged against the organisation in at least half of its shown
    /// topics: one action (training in the whole subject) instead of one per topic.
    Department { flagged: usize, shown: usize },
}

/// The cells to act on, most important first: every flagged cell (either statistic), ranked
/// by the gap in percentage points, largest first. A department flagged against the
/// organisation in at least half of its shown topics gets one department-wide action instead
/// of one per topic; its relative flags stay topic actions.
pub fn actions(report: &Report) -> Vec<Action> {
    let mut out = Vec::new();
    for (row, group) in report.groups.iter().enumerate() {
        let shown: Vec<(usize, &CellStats)> = group
            .cells
            .iter()
            .enumerate()
            .filter_map(|(t, c)| c.stats().map(|s| (t, s)))
            .collect();
        let absolute: Vec<(usize, &CellStats)> = shown
            .iter()
            .copied()
            .filter(|(_, s)| s.absolute.weak)
            .collect();
        let wide = !shown.is_empty() && 2 * absolute.len() >= shown.len();
        if wide {
            let (share, expected) = absolute.iter().fold((0.0, 0.0), |(x, y), (t, s)| {
                (
                    x + s.level.share_typical,
                    y + reference_share(report, *t, s),
                )
            });
            let n = absolute.len() as f64;
            out.push(Action {
                row,
                what: ActionKind::Department {
                    flagged: absolute.len(),
                    shown: shown.len(),
                },
                points: 100.0 * (expected - share) / n,
                share: share / n,
                expected: expected / n,
            });
        }
        for &(topic, s) in &shown {
            let relative = s.relative.weak;
            let absolute = s.absolute.weak && !wide;
            if !relative && !absolute {
                continue;
            }
            // The relative gap when flagged relatively (the question "which topic first"),
            // otherwise the gap to the organisation.
            let (share, expected) = if relative {
                (s.share_topic, s.share_own_level)
            } else {
                (s.level.share_typical, reference_share(report, topic, s))
            };
            out.push(Action {
                row,
                what: ActionKind::Topic {
                    topic,
                    relative,
                    absolute: s.absolute.weak,
                },
                points: 100.0 * (expected - share),
                share,
                expected,
            });
        }
    }
    out.sort_by(|x, y| y.points.total_cmp(&x.points).then(x.row.cmp(&y.row)));
    out
}

/// When nothing is flagged, the `n` cells with the largest relative gaps below the department's
/// own level (in percentage points), as (row, topic, points): worth a look, to be described with
/// their own band's words, which never claim a flag.
pub fn worth_a_look(report: &Report, n: usize) -> Vec<(usize, usize, f64)> {
    let mut out: Vec<(usize, usize, f64)> = report
        .groups
        .iter()
        .enumerate()
        .flat_map(|(row, group)| {
            group.cells.iter().enumerate().filter_map(move |(t, c)| {
                let s = c.stats()?;
                (!s.relative.weak && s.relative.difference < 0.0).then_some((
                    row,
                    t,
                    100.0 * (s.share_own_level - s.share_topic),
                ))
            })
        })
        .collect();
    out.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
    out.truncate(n);
    out
}

/// The organisation's expected share right on the topic's typical item at the reference level
/// of the absolute comparison (the department's level minus the difference).
pub fn reference_share(report: &Report, topic: usize, s: &CellStats) -> f64 {
    match report.organisation.get(topic).and_then(Option::as_ref) {
        Some(org) => org.typical_item.p(s.level.theta - s.absolute.difference),
        None => f64::NAN,
    }
}

/// `0.623` → "62 %".
pub fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0} %", 100.0 * x)
    } else {
        "–".to_string()
    }
}

/// z of a one-sided test at power 0.8: Φ⁻¹(0.8).
const Z80: f64 = 0.841_621_233_572_914_3;

/// The report's power for one statistic: the smallest gap a cell of the typical size (the
/// median SE of the shown cells) finds 8 times in 10 with an interval wholly below the
/// reference, (z₉₅ + z₈₀)·SE, in logits and in percentage points on the median typical item at
/// the median level. The correction for many comparisons asks for a little more, so this is
/// a lower bound.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Power {
    /// Median number of people of a shown cell.
    pub people: usize,
    pub logits: f64,
    pub points: f64,
}

/// The power of `question` over the shown cells of `report`; `None` when no cell is shown.
pub fn power(report: &Report, question: Question) -> Option<Power> {
    let mut se = Vec::new();
    let mut people = Vec::new();
    let mut points = Vec::new();
    for group in &report.groups {
        for (t, cell) in group.cells.iter().enumerate() {
            let Cell::Published(s) = cell else { continue };
            let Some(org) = report.organisation.get(t).and_then(Option::as_ref) else {
                continue;
            };
            let c = match question {
                Question::Relative => &s.relative,
                Question::Absolute => &s.absolute,
            };
            if !c.se.is_finite() {
                continue;
            }
            let gap = (Z95 + Z80) * c.se;
            let at = match question {
                Question::Relative => s.own_level,
                Question::Absolute => s.level.theta - s.absolute.difference,
            };
            se.push(c.se);
            people.push(s.people as f64);
            points.push(100.0 * (org.typical_item.p(at) - org.typical_item.p(at - gap)));
        }
    }
    Some(Power {
        people: median(&mut people)?.round() as usize,
        logits: (Z95 + Z80) * median(&mut se)?,
        points: median(&mut points)?,
    })
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Interval, band, comparison};
    use super::*;

    // Over a grid of estimates, SEs and flags, the word of every comparison agrees with its
    // interval (the issue: a planted weakness read «under?» although its interval lay wholly
    // below zero).
    #[test]
    fn a_word_never_contradicts_its_interval() {
        let mut seen = std::collections::BTreeSet::new();
        for d in -40..=40 {
            for se in [0.01, 0.1, 0.2, 0.35, 0.6, 1.0, f64::INFINITY] {
                for flagged in [false, true] {
                    let mut c = comparison(d as f64 * 0.05, se);
                    // The report flags only cells whose interval is below (and kept by BH).
                    c.weak = flagged && c.interval.high < 0.0;
                    c.band = band(&c);
                    assert!(c.band.consistent_with(&c), "{c:?}");
                    seen.insert(format!("{:?}", c.band));
                }
            }
        }
        assert_eq!(seen.len(), 6, "every band occurs: {seen:?}");
    }

    #[test]
    fn known_bands() {
        let at = |d: f64, se: f64, weak: bool| {
            let mut c = comparison(d, se);
            c.weak = weak;
            band(&c)
        };
        // −0.8 ± 0.59: wholly below; flagged or not.
        assert_eq!(at(-0.8, 0.3, true), Band::ClearlyBelow);
        assert_eq!(at(-0.8, 0.3, false), Band::Below);
        // −0.4 ± 0.59 contains 0: only "possibly".
        assert_eq!(at(-0.4, 0.3, false), Band::PossiblyBelow);
        assert_eq!(at(-0.1, 0.3, false), Band::NoClearDifference);
        assert_eq!(at(0.4, 0.3, false), Band::PossiblyAbove);
        assert_eq!(at(0.8, 0.3, false), Band::ClearlyAbove);
        let c = Comparison {
            interval: Interval {
                low: -1.0,
                high: 0.2,
            },
            ..comparison(-0.4, 0.3)
        };
        assert!(!Band::Below.consistent_with(&c) && !Band::ClearlyBelow.consistent_with(&c));
    }

    #[test]
    fn power_of_a_known_se() {
        // (1.96 + 0.84) × 0.3 = 0.84 logit.
        assert!(((Z95 + Z80) * 0.3 - 0.8400).abs() < 1e-3);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}

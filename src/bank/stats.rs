//! Bank statistics for authors: where the bank is thin.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::cues::{key_is_longest, key_length_rank};
use super::{ItemBank, Status};

/// Ability points at which topic information is reported.
pub const THETAS: [f64; 5] = [-2.0, -1.0, 0.0, 1.0, 2.0];
/// Difficulty bands: b < −1, −1 ≤ b < 0, 0 ≤ b < 1, b ≥ 1.
pub const BANDS: [&str; 4] = ["b<-1", "-1..0", "0..1", "b>=1"];

#[derive(Debug, Clone, PartialEq)]
pub struct TopicStats {
    pub id: String,
    pub name: String,
    pub by_status: [usize; 4],
    /// Active items per difficulty band ([`BANDS`]).
    pub bands: [usize; 4],
    /// Required active items (the bank minimum) and the per-test maximum.
    pub bank_min: usize,
    pub test_max: usize,
    /// At each of [`THETAS`]: the information of the topic's `test_max` most informative active
    /// items there — the most one test can get from the topic at that ability.
    pub information: [f64; 5],
}

#[derive(Debug, Clone, PartialEq)]
pub struct BankStats {
    pub topics: Vec<TopicStats>,
    /// Active items per cited section ("act § section").
    pub sections: BTreeMap<String, usize>,
    pub cues: CueStats,
}

/// How far the active items' keys could be guessed without knowing the law.
#[derive(Debug, Clone, PartialEq)]
pub struct CueStats {
    pub active: usize,
    /// Active items whose key is (one of) the longest options.
    pub key_longest: usize,
    /// Active items whose key is option A, B, C, D, E.
    pub key_positions: [usize; 5],
    /// Active items by the key's rank in length: index 0 when it is the longest option, 1 when
    /// one option is longer, and so on (see [`key_length_rank`]).
    pub key_length_ranks: [usize; 5],
    /// Active items with 3, 4, 5 options (for the chance rates of the two counts above).
    pub by_options: [usize; 3],
}

impl CueStats {
    /// Share of active items whose key is the longest option (0 for an empty bank).
    pub fn key_longest_share(&self) -> f64 {
        if self.active == 0 {
            0.0
        } else {
            self.key_longest as f64 / self.active as f64
        }
    }

    /// The share a bank without a length cue would show: the mean of 1 / number of options.
    pub fn chance_share(&self) -> f64 {
        if self.active == 0 {
            return 0.0;
        }
        let sum: f64 = self
            .by_options
            .iter()
            .zip([3.0, 4.0, 5.0])
            .map(|(&n, k)| n as f64 / k)
            .sum();
        sum / self.active as f64
    }
}

fn cue_stats(bank: &ItemBank) -> CueStats {
    let mut cues = CueStats {
        active: 0,
        key_longest: 0,
        key_positions: [0; 5],
        key_length_ranks: [0; 5],
        by_options: [0; 3],
    };
    for item in bank.items.iter().filter(|i| i.status == Status::Active) {
        cues.active += 1;
        cues.key_longest += usize::from(key_is_longest(&item.options, item.key));
        if let Some(n) = cues.key_positions.get_mut(item.key) {
            *n += 1;
        }
        if let Some(n) = cues
            .key_length_ranks
            .get_mut(key_length_rank(&item.options, item.key))
        {
            *n += 1;
        }
        if let Some(n) = cues.by_options.get_mut(item.options.len().wrapping_sub(3)) {
            *n += 1;
        }
    }
    cues
}

pub fn compute(bank: &ItemBank) -> BankStats {
    let topics = bank
        .topics
        .iter()
        .enumerate()
        .map(|(t, topic)| {
            let items: Vec<_> = bank.items.iter().filter(|i| i.topic == t).collect();
            let active: Vec<_> = items
                .iter()
                .filter(|i| i.status == Status::Active)
                .collect();
            let mut by_status = [0; 4];
            for item in &items {
                by_status[item.status as usize] += 1;
            }
            let mut bands = [0; 4];
            for item in &active {
                let b = item.params.b();
                bands[if b < -1.0 {
                    0
                } else if b < 0.0 {
                    1
                } else if b < 1.0 {
                    2
                } else {
                    3
                }] += 1;
            }
            let information = THETAS.map(|theta| {
                let mut infos: Vec<f64> =
                    active.iter().map(|i| i.params.information(theta)).collect();
                infos.sort_by(|x, y| y.total_cmp(x));
                infos.iter().take(topic.max).sum()
            });
            TopicStats {
                id: topic.id.clone(),
                name: topic.name.clone(),
                by_status,
                bands,
                bank_min: bank.min_active_per_topic,
                test_max: topic.max,
                information,
            }
        })
        .collect();
    let mut sections = BTreeMap::new();
    for item in bank.items.iter().filter(|i| i.status == Status::Active) {
        let mut keys: Vec<String> = item.references.iter().map(|r| r.section_key()).collect();
        keys.dedup();
        for key in keys {
            *sections.entry(key).or_default() += 1;
        }
    }
    BankStats {
        topics,
        sections,
        cues: cue_stats(bank),
    }
}

pub fn render(stats: &BankStats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Items per topic (active against the bank minimum) and active items by difficulty band"
    );
    let _ = writeln!(
        out,
        "{:<20} {:>6} {:>4} {:>6} {:>6} {:>6} {:>7} | {:>5} {:>5} {:>5} {:>5}",
        "topic",
        "active",
        "min",
        "draft",
        "pretst",
        "retird",
        "status",
        BANDS[0],
        BANDS[1],
        BANDS[2],
        BANDS[3]
    );
    for t in &stats.topics {
        let active = t.by_status[Status::Active as usize];
        let flag = if active >= t.bank_min { "ok" } else { "THIN" };
        let _ = writeln!(
            out,
            "{:<20} {:>6} {:>4} {:>6} {:>6} {:>6} {:>7} | {:>5} {:>5} {:>5} {:>5}",
            t.id,
            active,
            t.bank_min,
            t.by_status[Status::Draft as usize],
            t.by_status[Status::Pretest as usize],
            t.by_status[Status::Retired as usize],
            flag,
            t.bands[0],
            t.bands[1],
            t.bands[2],
            t.bands[3]
        );
    }
    let _ = writeln!(
        out,
        "\nMost information one test can draw from each topic (its max items) at θ"
    );
    let _ = write!(out, "{:<20}", "topic");
    for theta in THETAS {
        let _ = write!(out, " {:>7}", format!("θ={theta:+}"));
    }
    let _ = writeln!(out);
    for t in &stats.topics {
        let _ = write!(out, "{:<20}", t.id);
        for info in t.information {
            let _ = write!(out, " {info:>7.2}");
        }
        let _ = writeln!(out);
    }
    let cues = &stats.cues;
    let _ = writeln!(
        out,
        "\nThe key is the longest option in {} of {} active items ({:.0} %; chance {:.0} %)",
        cues.key_longest,
        cues.active,
        100.0 * cues.key_longest_share(),
        100.0 * cues.chance_share()
    );
    let _ = write!(out, "Key position:");
    for (ix, n) in cues.key_positions.iter().enumerate() {
        if *n > 0 || ix < 4 {
            let _ = write!(out, " {} {n}", super::Item::letter(ix));
        }
    }
    let _ = writeln!(out);
    let _ = write!(out, "Options longer than the key:");
    for (longer, n) in cues.key_length_ranks.iter().enumerate() {
        if *n > 0 || longer < 4 {
            let _ = write!(out, " {longer}: {n}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "\nActive items per cited section");
    for (section, n) in &stats.sections {
        let _ = writeln!(out, "{n:>4}  {section}");
    }
    out
}

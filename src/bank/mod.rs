//! The item bank: the authors' files in `item-bank/`, loaded and validated.
//!
//! Parsing happens in two phases: [`files`] mirrors the TOML as written (with byte spans);
//! [`load`](fn@load) turns it into the validated types below and reports every problem as a
//! [`Diagnostic`] with file and line. A bank with errors is never handed to the rest of forvalt.

pub mod cues;
mod diagnostic;
pub mod files;
mod item_id;
pub mod lawchange;
mod load;
pub mod proposal;
mod reference;
pub mod stats;
pub mod transition;
pub mod writeback;

use std::path::PathBuf;

pub use diagnostic::{Diagnostic, Problem, Severity, line_of};
pub use item_id::{InvalidItemId, ItemId};
pub use lawchange::{FlaggedItem, LAW_CHANGES_FILE, LawChange, ReviewAction};
pub use load::{BlueprintSpec, EXPOSURE_FILE, Loaded, load, read_blueprint};
pub use reference::{LawRef, RefError, lovdata_url};

use crate::cat::{Blueprint, Exposure, Pool, PoolItem, Rules, TopicRange};
use crate::irt::ItemParams;
use crate::irt::{Estimator, Prior};
pub use crate::text::Form;

/// A validated item bank.
#[derive(Debug, Clone)]
pub struct ItemBank {
    pub test: TestRules,
    /// `bank check` requires at least this many active items in every topic.
    pub min_active_per_topic: usize,
    /// In blueprint (report) order; an item's `topic` indexes this.
    pub topics: Vec<Topic>,
    pub acts: Vec<Act>,
    /// Sorted by id.
    pub items: Vec<Item>,
    /// Sympson–Hetter K per active item id, from `exposure.csv`, if the bank has one.
    pub exposure: Option<std::collections::BTreeMap<ItemId, f64>>,
    /// Sections marked as changed in `law-changes.toml` (empty without the file).
    pub law_changes: Vec<LawChange>,
    /// The folder the bank was loaded from (for writing back to its files).
    pub dir: PathBuf,
    /// The legal system the bank tests (`[bank] jurisdiction`).
    pub jurisdiction: Jurisdiction,
    /// The language the bank is written in (`[bank] language`): bokmål for a Norwegian bank
    /// (with nynorsk beside it where the bank has `[nn]` tables), Danish for a Danish one. The
    /// installation's pages speak it.
    pub language: Form,
}

/// The legal system a bank tests: which acts its references name, how they are written
/// ("§ 6 første ledd" or "§ 19, stk. 2") and where the official text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Jurisdiction {
    /// Norway: Lovdata.
    #[default]
    No,
    /// Denmark: Retsinformation.
    Dk,
}

impl Jurisdiction {
    /// `NO` or `DK` (ISO 3166), as in `blueprint.toml`.
    pub fn parse(text: &str) -> Option<Jurisdiction> {
        match text.trim().to_uppercase().as_str() {
            "NO" => Some(Jurisdiction::No),
            "DK" => Some(Jurisdiction::Dk),
            _ => None,
        }
    }

    /// The language the bank of this jurisdiction is written in.
    pub fn language(&self) -> Form {
        match self {
            Jurisdiction::No => Form::Nb,
            Jurisdiction::Dk => Form::Da,
        }
    }
}

/// Test-wide rules from `blueprint.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRules {
    pub min_items: usize,
    pub max_items: usize,
    pub se_target: f64,
    pub max_exposure: f64,
    pub review_interval_days: u32,
    /// Unscored `pretest` items seeded into each live test (at random positions before
    /// `min_items`, so every test reaches them).
    pub pretest_per_test: usize,
    /// Answers after which a pretest item is no longer seeded.
    pub pretest_target: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: String,
    pub name: String,
    pub description: String,
    pub covers: Vec<LawRef>,
    pub reflection: Vec<String>,
    /// Items per test from this topic.
    pub min: usize,
    pub max: usize,
    /// The texts in nynorsk (`[nn]`), if written.
    pub nn: Option<TopicText>,
}

/// A topic's texts in one written form.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicText {
    pub name: String,
    pub description: String,
    /// As many questions as the bokmål list.
    pub reflection: Vec<String>,
}

impl Topic {
    /// The topic's texts in `form`, or in bokmål when it has none in that form.
    pub fn text(&self, form: Form) -> TopicTextRef<'_> {
        match (form, &self.nn) {
            (Form::Nn, Some(nn)) => TopicTextRef {
                name: &nn.name,
                description: &nn.description,
                reflection: &nn.reflection,
            },
            _ => TopicTextRef {
                name: &self.name,
                description: &self.description,
                reflection: &self.reflection,
            },
        }
    }
}

/// A topic's texts in the form asked for ([`Topic::text`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicTextRef<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub reflection: &'a [String],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Act {
    pub name: String,
    /// The official id: Lovdata's (LOV-1967-02-10) for Norwegian acts, the consolidated act's
    /// number (LBK nr 433 af 22/04/2014) for Danish ones.
    pub id: String,
    pub title: String,
    pub in_force: bool,
    /// Replaced or repealed: active items may not cite it (see `laws.toml`).
    pub repealed: bool,
    /// Number of ledd per section ("11" → 5), for the sections checked against the official
    /// text; `bank check` warns when a section with several ledd is cited without one.
    pub ledd: std::collections::BTreeMap<String, u32>,
    /// The act this one replaces when it enters into force (`replaces` in `laws.toml`).
    pub replaces: Option<String>,
    /// Where the official text is read, when it is not built from a Lovdata id (`url` in
    /// `laws.toml`; Danish acts: the act's ELI address on Retsinformation).
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Pretest,
    Active,
    Retired,
}

impl Status {
    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "draft" => Some(Status::Draft),
            "pretest" => Some(Status::Pretest),
            "active" => Some(Status::Active),
            "retired" => Some(Status::Retired),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Pretest => "pretest",
            Status::Active => "active",
            Status::Retired => "retired",
        }
    }
}

/// Where an item's parameters come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamSource {
    /// An author's guess.
    Expert,
    /// Estimated from `n` responses on the given date.
    Calibrated { n: u64, on: jiff::civil::Date },
}

/// One validated item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: ItemId,
    /// Index into [`ItemBank::topics`].
    pub topic: usize,
    pub status: Status,
    pub author: String,
    pub reviewed: jiff::civil::Date,
    pub secret: bool,
    pub stem: String,
    pub options: Vec<String>,
    /// Index into `options` of the right answer.
    pub key: usize,
    pub explanation: String,
    pub references: Vec<LawRef>,
    pub future_references: Vec<LawRef>,
    /// Set when the right answer changes in substance under the act in `future_references`:
    /// what changes. The item is then retired when that act enters into force.
    pub future_change: Option<String>,
    /// The item this draft, written for an act not yet in force, replaces when it enters into force.
    pub successor_of: Option<ItemId>,
    pub enemies: Vec<ItemId>,
    pub tags: Vec<String>,
    pub params: ItemParams,
    pub source: ParamSource,
    /// Hash of the scored content (stem, options, key); see [`item_version`].
    pub version: String,
    /// The file the item was read from.
    pub path: PathBuf,
    /// The item in nynorsk (`[nn]`), if written: the same item (one key, one set of
    /// parameters, one [`Item::version`]) in another form.
    pub nn: Option<ItemText>,
}

/// What a caseworker reads of an item, in one written form.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemText {
    pub stem: String,
    /// As many as the bokmål options, in the same order (the same key letter is right).
    pub options: Vec<String>,
    pub explanation: String,
}

/// An item's text in the form shown ([`Item::text`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemTextRef<'a> {
    /// The form of this text: the form asked for, or bokmål when the item has none in it.
    pub form: Form,
    pub stem: &'a str,
    pub options: &'a [String],
    pub explanation: &'a str,
}

impl ItemTextRef<'_> {
    /// The version of this text: [`Item::version`] for bokmål, else the same hash over this
    /// form's stem and options. The text shown to a caseworker is stored under it.
    pub fn version(&self, key: usize) -> String {
        item_version(self.stem, self.options, key)
    }
}

impl Item {
    /// Whether any reference (current or future) falls under `query`.
    pub fn cites(&self, query: &LawRef) -> bool {
        self.references
            .iter()
            .chain(&self.future_references)
            .any(|r| r.matches(query))
    }

    /// The item's text in `form`: its `[nn]` table for nynorsk, its main text otherwise — in
    /// bokmål for a Norwegian item (nynorsk without an `[nn]` table falls back to it), in Danish
    /// for a Danish one.
    pub fn text(&self, form: Form) -> ItemTextRef<'_> {
        match (form, &self.nn) {
            (Form::Nn, Some(nn)) => ItemTextRef {
                form: Form::Nn,
                stem: &nn.stem,
                options: &nn.options,
                explanation: &nn.explanation,
            },
            _ => ItemTextRef {
                form: if form == Form::Da { Form::Da } else { Form::Nb },
                stem: &self.stem,
                options: &self.options,
                explanation: &self.explanation,
            },
        }
    }

    /// The letter of option `index`: A, B, C, … Z, and `?` past Z (only an item file with far
    /// too many options, refused by `bank check`, has one there).
    pub fn letter(index: usize) -> char {
        u8::try_from(index)
            .ok()
            .filter(|&i| i < 26)
            .map_or('?', |i| char::from(b'A' + i))
    }
}

/// The version of an item's scored content: the first 16 hex digits of BLAKE2b-512 over the
/// trimmed stem, the trimmed options and the key letter, each followed by a 0x1f separator.
/// Anything a caseworker sees or is scored on changes it; explanations, references and
/// parameters do not.
pub fn item_version(stem: &str, options: &[String], key: usize) -> String {
    use blake2::{Blake2b512, Digest};
    let mut hasher = Blake2b512::new();
    for part in std::iter::once(stem).chain(options.iter().map(String::as_str)) {
        hasher.update(part.trim().as_bytes());
        hasher.update([0x1f]);
    }
    hasher.update([b'A' + key as u8, 0x1f]);
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ItemBank {
    /// The item with this id: an [`ItemId`], or any text (a stored record's id, a row of a
    /// file), in which a malformed or unknown id is not found.
    pub fn item(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<&Item> {
        let id = id.as_ref();
        self.items
            .binary_search_by(|item| item.id.as_str().cmp(id))
            .ok()
            .map(|ix| &self.items[ix])
    }

    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// The blueprint the adaptive test runs under.
    pub fn blueprint(&self) -> Blueprint {
        let ranges = self
            .topics
            .iter()
            .map(|t| TopicRange {
                min: t.min,
                max: t.max,
            })
            .collect();
        Blueprint::new(ranges, self.test.min_items, self.test.max_items)
            .expect("load() checked the blueprint")
    }

    /// The rules a live test on this bank runs under: the blueprint, EAP under N(0, 1), the bank's
    /// SE target, and the given exposure control.
    pub fn rules(&self, exposure: Exposure) -> Rules {
        Rules {
            blueprint: self.blueprint(),
            estimator: Estimator::Eap,
            prior: Prior::default(),
            se_target: self.test.se_target,
            exposure,
        }
    }

    /// The exposure control for live tests on `pool_items` (as returned by [`ItemBank::pool`]):
    /// Sympson–Hetter with the bank's `exposure.csv` if there is one (items without a row get
    /// K = 1), else randomesque among the 4 most informative items.
    pub fn live_exposure(&self, pool_items: &[usize]) -> Exposure {
        match &self.exposure {
            Some(k) => Exposure::SympsonHetter {
                k: pool_items
                    .iter()
                    .map(|&ix| k.get(&self.items[ix].id).copied().unwrap_or(1.0))
                    .collect(),
            },
            None => Exposure::Randomesque { k: 4 },
        }
    }

    /// The items with `status` as a CAT pool, and for each pool index the index into `items`.
    pub fn pool(&self, status: Status) -> (Pool, Vec<usize>) {
        let chosen: Vec<usize> = (0..self.items.len())
            .filter(|&ix| self.items[ix].status == status)
            .collect();
        let pool_items = chosen
            .iter()
            .map(|&ix| {
                let item = &self.items[ix];
                let enemies = item
                    .enemies
                    .iter()
                    .filter_map(|id| chosen.iter().position(|&j| self.items[j].id == *id))
                    .collect();
                PoolItem {
                    params: item.params,
                    topic: item.topic,
                    enemies,
                }
            })
            .collect();
        let pool =
            Pool::new(pool_items, self.topics.len()).expect("load() checked topics and enemies");
        (pool, chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_depends_on_scored_content_only() {
        let options = vec!["ja".to_string(), "nei".to_string(), "kanskje".to_string()];
        let v = item_version("Spørsmål?", &options, 1);
        assert_eq!(v.len(), 16);
        assert_eq!(v, item_version("  Spørsmål?\n", &options, 1), "trimmed");
        assert_ne!(v, item_version("Spørsmål!", &options, 1));
        assert_ne!(v, item_version("Spørsmål?", &options, 0));
        let mut swapped = options.clone();
        swapped.swap(0, 1);
        assert_ne!(v, item_version("Spørsmål?", &swapped, 1));
        // The separator keeps "ab" + "c" apart from "a" + "bc".
        assert_ne!(
            item_version("s", &["ab".into(), "c".into()], 0),
            item_version("s", &["a".into(), "bc".into()], 0)
        );
    }
}

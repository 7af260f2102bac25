//! The authors' file formats, exactly as written on disk (phase one of parsing).
//!
//! These structs are a promise to the people who write the bank: renaming a field here breaks
//! every item file. They are kept apart from the validated types in [`super`]; `Spanned` fields
//! carry byte offsets so that validation errors can name the line.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlueprintFile {
    pub test: TestSection,
    pub bank: BankSection,
    #[serde(default)]
    pub topic: Vec<Spanned<BlueprintTopic>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestSection {
    pub min_items: Spanned<usize>,
    pub max_items: Spanned<usize>,
    pub se_target: Spanned<f64>,
    pub max_exposure: Spanned<f64>,
    pub review_interval_days: u32,
    /// Unscored `pretest` items seeded into each live test.
    #[serde(default = "default_pretest_per_test")]
    pub pretest_per_test: Spanned<usize>,
    /// Answers a pretest item needs before it is no longer seeded (enough to calibrate).
    #[serde(default = "default_pretest_target")]
    pub pretest_target: Spanned<usize>,
}

fn default_pretest_per_test() -> Spanned<usize> {
    Spanned::new(0..0, 2)
}

fn default_pretest_target() -> Spanned<usize> {
    Spanned::new(0..0, 300)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankSection {
    pub min_active_per_topic: usize,
    /// The written forms every item in use and every topic must have (`"nb"`, `"nn"`); bokmål
    /// is the items' main text and always required. Default: bokmål only.
    #[serde(default)]
    pub forms: Vec<Spanned<String>>,
    /// The legal system the bank tests: "NO" (the default) or "DK".
    #[serde(default)]
    pub jurisdiction: Option<Spanned<String>>,
    /// The language the bank is written in: "nb" (the default) or "da".
    #[serde(default)]
    pub language: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlueprintTopic {
    pub id: String,
    pub min: usize,
    pub max: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawsFile {
    pub act: Vec<Spanned<ActEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActEntry {
    pub name: String,
    pub id: String,
    pub title: String,
    pub in_force: bool,
    /// No longer in force; only drafts and retired items may still cite it.
    #[serde(default)]
    pub repealed: bool,
    /// Number of ledd per section, e.g. `ledd = { "6" = 4, "11" = 5 }`.
    #[serde(default)]
    pub ledd: std::collections::BTreeMap<String, u32>,
    /// The official text's address, for acts whose id is not a Lovdata id (Danish acts: the
    /// ELI address on Retsinformation).
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// The name of the act this one replaces when it enters into force.
    pub replaces: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    pub id: Spanned<String>,
    pub name: String,
    pub description: String,
    pub covers: Vec<Spanned<String>>,
    pub reflection: Vec<String>,
    /// The topic's texts in nynorsk.
    pub nn: Option<Spanned<TopicNn>>,
}

/// A topic's `[nn]` table: the same texts in nynorsk, `reflection` with as many questions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicNn {
    pub name: Spanned<String>,
    pub description: Spanned<String>,
    pub reflection: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFile {
    pub id: Spanned<String>,
    pub topic: Spanned<String>,
    pub status: Spanned<String>,
    pub author: String,
    pub reviewed: Spanned<Datetime>,
    #[serde(default)]
    pub secret: bool,
    pub stem: Spanned<String>,
    pub options: Spanned<Vec<Spanned<String>>>,
    pub key: Spanned<String>,
    pub explanation: Spanned<String>,
    pub references: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub future_references: Vec<Spanned<String>>,
    /// A note: the right answer changes in substance under the act in `future_references`.
    pub future_change: Option<Spanned<String>>,
    /// The item (written for the act in force) this draft replaces when its act enters into force.
    pub successor_of: Option<Spanned<String>>,
    #[serde(default)]
    pub enemies: Vec<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub irt: Spanned<IrtSection>,
    /// The item in nynorsk (`[nn]`, after everything else in the file).
    pub nn: Option<Spanned<ItemNn>>,
}

/// An item's `[nn]` table: stem, options (as many, in the same order, so the same key letter is
/// right) and explanation in nynorsk. Nothing else is translated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemNn {
    pub stem: Spanned<String>,
    pub options: Spanned<Vec<Spanned<String>>>,
    pub explanation: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IrtSection {
    pub a: Spanned<f64>,
    pub b: Spanned<f64>,
    pub c: Spanned<f64>,
    pub source: Spanned<String>,
    pub n: Option<u64>,
    pub calibrated_on: Option<Datetime>,
}

//! The result of a finished test, in words a caseworker can use.
//!
//! The overall level is a band on the θ scale (the population of caseworkers is centred at 0
//! with standard deviation 1) and the uncertainty is told as the bands a 90 % interval spans;
//! no raw θ is shown. Topic feedback compares the number right in a topic with the number
//! expected at the caseworker's overall level, and says plainly that 2–4 items are little
//! evidence about one person.

use super::{Principal, ServiceError, TestTaking};
use crate::bank::{Form, LawRef};
use crate::store::{ResponseRecord, TestId};

#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    pub test_id: TestId,
    pub cycle_name: String,
    pub n_answered: usize,
    pub n_correct: usize,
    pub level: Level,
    /// The band the 90 % interval reaches down to, and up to.
    pub range: (Level, Level),
    pub topics: Vec<TopicFeedback>,
    pub missed: Vec<MissedItem>,
}

/// Overall level bands, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Basic,
    BelowAverage,
    Average,
    AboveAverage,
    High,
}

impl Level {
    /// Bands of one standard deviation of the caseworker population, centred on the average.
    pub fn of(theta: f64) -> Level {
        match theta {
            t if t < -1.5 => Level::Basic,
            t if t < -0.5 => Level::BelowAverage,
            t if t < 0.5 => Level::Average,
            t if t < 1.5 => Level::AboveAverage,
            _ => Level::High,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Level::Basic => "grunnleggende",
            Level::BelowAverage => "under middels",
            Level::Average => "middels",
            Level::AboveAverage => "over middels",
            Level::High => "høyt",
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::BelowAverage => "below_average",
            Level::Average => "average",
            Level::AboveAverage => "above_average",
            Level::High => "high",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicFeedback {
    pub name: String,
    pub description: String,
    pub n_items: usize,
    pub n_correct: usize,
    /// Items right expected at the caseworker's overall level.
    pub expected: f64,
    pub verdict: TopicVerdict,
    pub reflection: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicVerdict {
    /// Fewer than two items: nothing to say.
    TooFew,
    /// At least one fewer right than expected.
    Weaker,
    AsExpected,
    /// At least one more right than expected.
    Stronger,
}

impl TopicVerdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            TopicVerdict::TooFew => "too_few",
            TopicVerdict::Weaker => "weaker",
            TopicVerdict::AsExpected => "as_expected",
            TopicVerdict::Stronger => "stronger",
        }
    }
}

/// An item answered wrongly, with what teaches.
#[derive(Debug, Clone, PartialEq)]
pub struct MissedItem {
    pub position: u32,
    pub stem: String,
    pub options: Vec<String>,
    pub chosen: usize,
    pub key: usize,
    pub explanation: String,
    pub references: Vec<LawRef>,
    /// Where each reference's official text is read (Lovdata, Retsinformation), in the same
    /// order; `None` where the bank's `laws.toml` gives no address.
    pub reference_urls: Vec<Option<String>>,
    /// The form the item was shown in (its explanation is in the same form).
    pub form: Form,
}

/// z for a two-sided 90 % interval.
const Z90: f64 = 1.645;

impl TestTaking {
    pub fn result(
        &self,
        principal: &Principal,
        test_id: TestId,
    ) -> Result<TestResult, ServiceError> {
        let test = self.own_test(principal, test_id)?;
        let finished = test
            .finished
            .clone()
            .ok_or(super::Refusal::TestNotFinished)?;
        let cycle_name = self
            .store
            .cycle(crate::store::CycleId(test.cycle_id))?
            .map(|c| c.name)
            .unwrap_or_default();
        // Pretest answers are not scored: not in the figures, nor among the missed items.
        let (mut answers, _) = self.store.history(TestId(test.id))?;
        answers.retain(|r| !r.pretest);
        let theta = finished.theta;
        let se = finished.standard_error;
        let bank = self.engine.bank();
        let form = self.form_of(&principal.user);

        let mut per_topic: Vec<(usize, usize, f64)> = vec![(0, 0, 0.0); bank.topics.len()];
        for r in &answers {
            if let Some(item) = bank.item(&r.item_id) {
                let t = &mut per_topic[item.topic];
                t.0 += 1;
                t.1 += usize::from(r.correct);
                t.2 += item.params.p(theta);
            }
        }
        let topics = bank
            .topics
            .iter()
            .zip(&per_topic)
            .filter(|(_, (n, _, _))| *n > 0)
            .map(|(topic, &(n, right, expected))| {
                let text = topic.text(form);
                TopicFeedback {
                    name: text.name.to_string(),
                    description: text.description.to_string(),
                    n_items: n,
                    n_correct: right,
                    expected,
                    verdict: verdict(n, right, expected),
                    reflection: text.reflection.to_vec(),
                }
            })
            .collect();

        let mut missed = Vec::new();
        for r in answers.iter().filter(|r| !r.correct) {
            missed.push(self.missed(r)?);
        }
        Ok(TestResult {
            test_id: TestId(test.id),
            cycle_name,
            n_answered: answers.len(),
            n_correct: answers.iter().filter(|r| r.correct).count(),
            level: Level::of(theta),
            range: (Level::of(theta - Z90 * se), Level::of(theta + Z90 * se)),
            topics,
            missed,
        })
    }

    fn missed(&self, r: &ResponseRecord) -> Result<MissedItem, ServiceError> {
        let version = r.shown_version();
        let shown = self.store.item_version(version)?.ok_or_else(|| {
            ServiceError::Internal(format!("item version {version} is not stored"))
        })?;
        let bank = self.engine.bank();
        let item = bank.item(&r.item_id);
        Ok(MissedItem {
            position: r.position,
            stem: shown.stem,
            options: shown.options,
            chosen: usize::from(r.option),
            key: usize::from(shown.key),
            explanation: item
                .map(|i| i.text(r.form).explanation.to_string())
                .unwrap_or_default(),
            references: item.map(|i| i.references.clone()).unwrap_or_default(),
            reference_urls: item
                .map(|i| i.references.iter().map(|x| x.url(&bank.acts)).collect())
                .unwrap_or_default(),
            form: r.form,
        })
    }
}

fn verdict(n: usize, right: usize, expected: f64) -> TopicVerdict {
    let diff = right as f64 - expected;
    if n < 2 {
        TopicVerdict::TooFew
    } else if diff <= -1.0 {
        TopicVerdict::Weaker
    } else if diff >= 1.0 {
        TopicVerdict::Stronger
    } else {
        TopicVerdict::AsExpected
    }
}

//! What authors see: how each item behaves in live data, and the state of the bank.
//!
//! The statistics are classical item analysis adapted to an adaptive test (see the README,
//! "Authors"):
//!
//! - **θ̂ per test**: EAP under N(0, 1) on the quadrature grid of [`crate::irt`] from the test's
//!   scored answers (items now `active` or `retired` in the bank, at their current parameters).
//!   Answers to pretest and draft items never enter θ̂.
//! - **Point-biserial**: in a fixed form it correlates the item with the rest score. In a CAT
//!   everyone gets different items, so the raw score means little; the standard substitute is
//!   the person's ability estimate. We use the *rest* θ̂ — the EAP without this item's own
//!   answer — so the correlation is not inflated by the item correlating with itself (the same
//!   reason the classical statistic uses the rest score).
//! - **Exposure rate**: the share of tests in scope (with at least one answer) that got the
//!   item; compared with the blueprint's `max_exposure`.
//! - **Fit**: infit and outfit mean squares of the item's answers under its parameters at each
//!   person's θ̂ (Wright & Masters 1982): with P = P(θ̂), W = P(1 − P), outfit = mean of
//!   (x − P)² / W, infit = Σ(x − P)² / ΣW. Both are 1 under the model; values far above 1 are
//!   noise, far below 1 over-predictability. Also observed vs expected proportion correct in
//!   (up to) five ability groups of equal size, ordered by θ̂.
//! - **Response time**: the median of the stored response times.
//! - **Nynorsk and bokmål**: whether the item's two written forms are equally hard for people
//!   of equal θ̂ (differential item functioning, Mantel–Haenszel with strata of θ̂ 0.5 wide,
//!   [`crate::irt::dif`]); computed once each form has [`MIN_ANSWERS_PER_FORM`] answers, and an
//!   item whose forms differ by ETS class C is flagged.
//!
//! The numbers are computed by the pure [`crate::irt::item_analysis`]; which answers count and
//! the flags' thresholds and words are decided here.
//!
//! [`item_statistics`] and [`Authoring::item_statistics`] compute from the store on every call;
//! the pages use [`Authoring::author_statistics`], which keeps the result in memory
//! ([`super::stats_cache`]).

pub mod calibration;
pub mod editor;
pub mod worklist;

pub use calibration::{
    CalibrationData, CalibrationJob, JobFailure, JobState, calibration_data, proposal_written,
};

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;

use super::stats_cache::{CacheSettings, StatsCache};
use super::stats_cache::{Cached, Computed, Request};
use super::{BankRef, LiveEngine};
use super::{Principal, ServiceError};
use crate::bank::{self, Form, Item, ItemBank, ItemId, LawChange, ParamSource, Status};
use crate::irt::dif::{DifAnswer, mantel_haenszel, stratify};
pub use crate::irt::dif::{DifClass, MantelHaenszel};
pub use crate::irt::item_analysis::AbilityGroup;
use crate::irt::item_analysis::{Abilities, ItemAnswer, TestAnswer, median, summarize};
use crate::store::{ResponseRecord, Role, Store};

/// Below this many answers the data flags (discrimination, fit) are not raised.
pub const MIN_RESPONSES_FOR_FLAGS: usize = 30;
/// Point-biserial below this (but not negative) is weak discrimination.
pub const WEAK_DISCRIMINATION: f64 = 0.15;
/// The expected share correct over the whole population of tested caseworkers above which an
/// item is too easy to tell them apart, and below which it is too hard.
pub const TOO_EASY: f64 = 0.95;
pub const TOO_HARD: f64 = 0.35;
/// Ability groups for observed vs expected.
pub const ABILITY_GROUPS: usize = 5;
/// Answers each written form needs before the forms are compared (Mantel–Haenszel DIF).
pub const MIN_ANSWERS_PER_FORM: usize = 100;
/// Width on the θ scale of the ability strata the forms are compared within.
pub const DIF_STRATUM_WIDTH: f64 = 0.5;

/// Which answers the statistics use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Scope {
    /// One cycle, or every cycle.
    pub cycle: Option<u64>,
}

/// Something an author should look at, in words on the item page.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    NegativeDiscrimination(f64),
    WeakDiscrimination(f64),
    TooEasy(f64),
    TooHard(f64),
    OverExposed {
        rate: f64,
        max: f64,
    },
    ExpertParameters,
    ReviewOverdue {
        reviewed: Date,
        due: Date,
    },
    LawChanged(Vec<LawChange>),
    /// One written form is harder than the other for people of equal ability (ETS class C).
    FormHarder {
        harder: Form,
        delta: f64,
    },
}

/// How an item's two written forms compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormComparison {
    /// Answers to the bokmål form (the reference group).
    pub n_nb: usize,
    /// Answers to the nynorsk form (the focal group).
    pub n_nn: usize,
    /// Mantel–Haenszel DIF, once both forms have [`MIN_ANSWERS_PER_FORM`] answers (and the
    /// strata carry information).
    pub dif: Option<MantelHaenszel>,
}

impl FormComparison {
    /// The form that is harder by a large difference (class C), if any.
    pub fn harder(&self) -> Option<Form> {
        let dif = self.dif?;
        (dif.class == DifClass::C).then_some(if dif.delta < 0.0 { Form::Nn } else { Form::Nb })
    }
}

impl Flag {
    /// A short machine-readable name (CSV column `flags`).
    pub fn code(&self) -> &'static str {
        match self {
            Flag::NegativeDiscrimination(_) => "negative_discrimination",
            Flag::WeakDiscrimination(_) => "weak_discrimination",
            Flag::TooEasy(_) => "too_easy",
            Flag::TooHard(_) => "too_hard",
            Flag::OverExposed { .. } => "over_exposed",
            Flag::ExpertParameters => "expert_parameters",
            Flag::ReviewOverdue { .. } => "review_overdue",
            Flag::LawChanged(_) => "law_changed",
            Flag::FormHarder { .. } => "form_harder",
        }
    }

    /// The flag in words, in the reader's form (`t`), for the item page.
    pub fn words(&self, t: &crate::text::author::Author) -> String {
        match self {
            Flag::NegativeDiscrimination(r) => (t.flag_negative)(*r),
            Flag::WeakDiscrimination(r) => (t.flag_weak)(*r),
            Flag::TooEasy(p) => (t.flag_too_easy)(*p),
            Flag::TooHard(p) => (t.flag_too_hard)(*p),
            Flag::OverExposed { rate, max } => (t.flag_over_exposed)(*rate, *max),
            Flag::ExpertParameters => t.flag_expert.to_string(),
            Flag::ReviewOverdue { reviewed, due } => {
                (t.flag_review_overdue)(&reviewed.to_string(), &due.to_string())
            }
            Flag::LawChanged(changes) => {
                let list: Vec<String> = changes
                    .iter()
                    .map(|c| (t.changed_on)(&c.section_key(), &c.changed_on.to_string()))
                    .collect();
                (t.flag_law_changed)(&list.join(", "))
            }
            // A Danish bank has one form, so the two are never compared there.
            Flag::FormHarder { harder, delta } => (t.flag_form_harder)(!harder.is_nb(), *delta),
        }
    }
}

/// The live-data statistics of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStats {
    pub id: ItemId,
    pub topic: String,
    pub status: Status,
    /// Answers in scope (any status, any version of the item).
    pub n: usize,
    pub proportion_correct: Option<f64>,
    pub point_biserial: Option<f64>,
    pub exposure: Option<f64>,
    pub infit: Option<f64>,
    pub outfit: Option<f64>,
    pub groups: Vec<AbilityGroup>,
    pub median_response_ms: Option<f64>,
    /// Mean P(θ̂) over every tested person in scope.
    pub population_expected: Option<f64>,
    pub flags: Vec<Flag>,
    /// The two written forms compared (`None` while no one has answered the nynorsk form).
    pub forms: Option<FormComparison>,
}

/// The statistics of every item in the bank, and the scope they cover.
#[derive(Debug, Clone, PartialEq)]
pub struct BankStatistics {
    pub items: Vec<ItemStats>,
    /// Tests in scope with at least one answer.
    pub tests: usize,
    /// k: an item answered by fewer people shows its count only ([`item_statistics`]).
    pub min_people: usize,
}

/// One answer as the statistics need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub item_id: String,
    pub correct: bool,
    pub response_ms: u64,
    /// The written form the item was shown in.
    pub form: Form,
}

/// Item statistics for `bank` from the answers of each test (one inner vector per test).
///
/// Privacy: a figure computed from people's answers is shown only when at least `min_people`
/// (k) people stand behind it, as in the HR reports: an item answered by fewer shows its count
/// and no share right, discrimination, fit or response time; its ability groups have at least
/// k people each (fewer groups rather than smaller ones); the population's expected share needs
/// k tests in scope. Otherwise an author could read one person's answers off an item seen by one.
pub fn item_statistics(
    bank: &ItemBank,
    tests: &[Vec<Observed>],
    today: Date,
    min_people: usize,
) -> BankStatistics {
    let min_people = min_people.max(1);
    let index: HashMap<&str, usize> = bank
        .items
        .iter()
        .enumerate()
        .map(|(ix, item)| (item.id.as_str(), ix))
        .collect();
    let abilities = Abilities::new(bank.items.iter().map(|i| i.params));
    let scored = |ix: usize| matches!(bank.items[ix].status, Status::Active | Status::Retired);

    // Per item: its answers with their θ̂, response ms, form and test; per test: θ̂ and answers.
    let mut per_item: Vec<Vec<(ItemAnswer, u64, Form, usize)>> = vec![Vec::new(); bank.items.len()];
    let mut thetas = Vec::new();
    let mut scored_tests = Vec::new();
    let mut tests_in_scope = 0;
    for answers in tests.iter().filter(|a| !a.is_empty()) {
        tests_in_scope += 1;
        let known: Vec<(usize, &Observed)> = answers
            .iter()
            .filter_map(|a| index.get(a.item_id.as_str()).map(|&ix| (ix, a)))
            .collect();
        let test: Vec<TestAnswer> = known
            .iter()
            .map(|&(ix, a)| TestAnswer {
                item: ix,
                correct: a.correct,
                scored: scored(ix),
            })
            .collect();
        let estimates = abilities.of_test(&test);
        let theta = estimates.theta;
        thetas.push(theta);
        for (&(ix, a), rest_theta) in known.iter().zip(estimates.rest) {
            let answer = ItemAnswer {
                correct: a.correct,
                rest_theta,
                theta,
            };
            per_item[ix].push((answer, a.response_ms, a.form, tests_in_scope - 1));
        }
        scored_tests.push(test);
    }

    let mut items: Vec<ItemStats> = bank
        .items
        .iter()
        .zip(&per_item)
        .map(|(item, answers)| {
            one_item(
                bank,
                item,
                answers,
                &thetas,
                tests_in_scope,
                today,
                min_people,
            )
        })
        .collect();

    // Two-stage Mantel–Haenszel (purification, Holland & Thayer 1988): a harder form pulls down
    // the θ̂ of everyone who got it, which biases the matching of every other item. So when
    // items' forms differ (class C), the forms are compared again with θ̂ left without them.
    let differing: Vec<usize> = (0..items.len())
        .filter(|&ix| items[ix].forms.and_then(|f| f.harder()).is_some())
        .collect();
    if !differing.is_empty() {
        let purified: Vec<f64> = scored_tests
            .iter()
            .map(|test| {
                let without: Vec<TestAnswer> = test
                    .iter()
                    .map(|a| TestAnswer {
                        scored: a.scored && !differing.contains(&a.item),
                        ..*a
                    })
                    .collect();
                abilities.of_test(&without).theta
            })
            .collect();
        for (stats, answers) in items.iter_mut().zip(&per_item) {
            if stats.forms.is_some() {
                let forms = compare_forms(
                    answers.iter().map(|a| (purified[a.3], a.2, a.0.correct)),
                    min_people,
                );
                stats
                    .flags
                    .retain(|f| !matches!(f, Flag::FormHarder { .. }));
                stats.flags.extend(form_flag(forms));
                stats.forms = forms;
            }
        }
    }
    BankStatistics {
        items,
        tests: tests_in_scope,
        min_people,
    }
}

fn one_item(
    bank: &ItemBank,
    item: &Item,
    answers: &[(ItemAnswer, u64, Form, usize)],
    population: &[f64],
    tests: usize,
    today: Date,
    min_people: usize,
) -> ItemStats {
    let max_exposure = bank.test.max_exposure;
    let n = answers.len();
    // Fewer than k people: the count only (see `item_statistics`).
    let shown = n >= min_people;
    let groups = if shown {
        (n / min_people).min(ABILITY_GROUPS)
    } else {
        0
    };
    let analysed: Vec<ItemAnswer> = answers.iter().map(|a| a.0).collect();
    let summary = summarize(item.params, &analysed, population, groups);
    let point_biserial = summary.point_biserial.filter(|_| shown);
    let population_expected = summary
        .population_expected
        .filter(|_| population.len() >= min_people);
    let exposure = (tests > 0).then(|| n as f64 / tests as f64);
    let times: Vec<f64> = answers
        .iter()
        .filter(|a| a.1 > 0)
        .map(|a| a.1 as f64)
        .collect();
    let median_response_ms = if times.len() >= min_people {
        median(&times)
    } else {
        None
    };

    let mut flags = Vec::new();
    if n >= MIN_RESPONSES_FOR_FLAGS
        && let Some(r) = point_biserial
    {
        if r < 0.0 {
            flags.push(Flag::NegativeDiscrimination(r));
        } else if r < WEAK_DISCRIMINATION {
            flags.push(Flag::WeakDiscrimination(r));
        }
    }
    match population_expected {
        Some(p) if p > TOO_EASY => flags.push(Flag::TooEasy(p)),
        Some(p) if p < TOO_HARD => flags.push(Flag::TooHard(p)),
        _ => {}
    }
    if let Some(rate) = exposure
        && rate > max_exposure
        && matches!(item.status, Status::Active)
    {
        flags.push(Flag::OverExposed {
            rate,
            max: max_exposure,
        });
    }
    if item.source == ParamSource::Expert {
        flags.push(Flag::ExpertParameters);
    }
    let due = item
        .reviewed
        .checked_add(jiff::Span::new().days(i64::from(bank.test.review_interval_days)))
        .unwrap_or(Date::MAX);
    if due < today && item.status != Status::Retired {
        flags.push(Flag::ReviewOverdue {
            reviewed: item.reviewed,
            due,
        });
    }
    let changed: Vec<LawChange> = bank
        .law_changes
        .iter()
        .filter(|c| c.affects(item))
        .cloned()
        .collect();
    if !changed.is_empty() && item.status != Status::Retired {
        flags.push(Flag::LawChanged(changed));
    }
    let forms = compare_forms(
        answers.iter().map(|a| (a.0.theta, a.2, a.0.correct)),
        min_people,
    );
    flags.extend(form_flag(forms));
    ItemStats {
        id: item.id.clone(),
        topic: bank.topics[item.topic].id.clone(),
        status: item.status,
        n,
        proportion_correct: summary.proportion_correct.filter(|_| shown),
        point_biserial,
        exposure,
        infit: summary.infit.filter(|_| shown),
        outfit: summary.outfit.filter(|_| shown),
        groups: summary.groups,
        median_response_ms,
        population_expected,
        flags,
        forms,
    }
}

/// The item's answers — (matching θ̂, form shown, right) — by written form, and Mantel–Haenszel
/// DIF (bokmål the reference group, nynorsk the focal) with strata of θ̂ once each form has
/// enough answers.
fn compare_forms(
    answers: impl Iterator<Item = (f64, Form, bool)>,
    min_people: usize,
) -> Option<FormComparison> {
    let matched: Vec<DifAnswer> = answers
        .map(|(theta, form, correct)| DifAnswer {
            theta,
            focal: form == Form::Nn,
            correct,
        })
        .collect();
    let n_nn = matched.iter().filter(|a| a.focal).count();
    if n_nn == 0 {
        return None;
    }
    let n_nb = matched.len() - n_nn;
    let dif = (n_nb.min(n_nn) >= MIN_ANSWERS_PER_FORM.max(min_people))
        .then(|| mantel_haenszel(&stratify(&matched, DIF_STRATUM_WIDTH)))
        .flatten();
    Some(FormComparison { n_nb, n_nn, dif })
}

/// The flag for forms that differ by class C.
fn form_flag(forms: Option<FormComparison>) -> Option<Flag> {
    let forms = forms?;
    Some(Flag::FormHarder {
        harder: forms.harder()?,
        delta: forms.dif?.delta,
    })
}

/// The bank overview: per topic, items by status and difficulty band, against the blueprint.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicOverview {
    pub id: String,
    pub name: String,
    /// [status][band]: items of each status ([`Status`] order) per difficulty band
    /// ([`bank::stats::BANDS`]).
    pub counts: [[usize; 4]; 4],
    /// The bank minimum of active items, and the per-test min and max.
    pub bank_min: usize,
    pub test_min: usize,
    pub test_max: usize,
    /// Information of the `test_max` best active items at each of [`bank::stats::THETAS`].
    pub information: [f64; 5],
}

pub fn overview(bank: &ItemBank) -> Vec<TopicOverview> {
    let stats = bank::stats::compute(bank);
    bank.topics
        .iter()
        .enumerate()
        .zip(stats.topics)
        .map(|((t, topic), s)| {
            let mut counts = [[0; 4]; 4];
            for item in bank.items.iter().filter(|i| i.topic == t) {
                counts[item.status as usize][band(item.params.b())] += 1;
            }
            TopicOverview {
                id: topic.id.clone(),
                name: topic.name.clone(),
                counts,
                bank_min: bank.min_active_per_topic,
                test_min: topic.min,
                test_max: topic.max,
                information: s.information,
            }
        })
        .collect()
}

fn band(b: f64) -> usize {
    if b < -1.0 {
        0
    } else if b < 0.0 {
        1
    } else if b < 1.0 {
        2
    } else {
        3
    }
}

/// What authors do: the bank as on disk, item statistics (cached), calibration write-back and
/// law-change review.
#[derive(Debug)]
pub struct Authoring {
    store: Arc<Store>,
    engine: Arc<LiveEngine>,
    /// Where the statistics' answers come from: the published tests only
    /// ([`super::Reports::published_answers`]).
    reports: Arc<super::Reports>,
    /// The item statistics ([`super::stats_cache`]).
    statistics: Arc<StatsCache>,
    /// Answers an item needs before its proposed parameters can be accepted.
    calibration_min_answers: u64,
    /// The background calibration: one at a time ([`calibration`]).
    calibration_job: std::sync::Mutex<JobState>,
}

impl Authoring {
    pub fn new(
        store: Arc<Store>,
        engine: Arc<LiveEngine>,
        reports: Arc<super::Reports>,
        settings: CacheSettings,
    ) -> Authoring {
        Authoring {
            store,
            engine,
            reports,
            statistics: Arc::new(StatsCache::new(settings)),
            calibration_min_answers: 200,
            calibration_job: std::sync::Mutex::new(JobState::Idle),
        }
    }

    /// Set the answers an item needs before its proposed parameters can be accepted.
    pub fn with_calibration_min_answers(mut self, min: u64) -> Authoring {
        self.calibration_min_answers = min;
        self
    }

    fn bank(&self) -> BankRef {
        self.engine.bank()
    }

    /// The answers stored so far per pretest item, counted as the live engine counts them
    /// against the blueprint's `pretest_target` (all cycles, every test, published or not: a
    /// count says how often an item was answered, not how).
    pub fn pretest_answers(
        &self,
        principal: &Principal,
    ) -> Result<std::collections::BTreeMap<String, u64>, ServiceError> {
        principal.require(Role::Author)?;
        Ok(self.store.pretest_counts()?)
    }

    /// The cycles, oldest first: the scopes the statistics can be restricted to.
    pub fn cycles(&self) -> Result<Vec<crate::store::CycleRecord>, ServiceError> {
        Ok(self.store.cycles()?)
    }

    /// The bank as it is on disk now (authors' pages show write-backs at once), or, if the files
    /// no longer load, the bank the server started with and the first errors.
    pub fn author_bank(
        &self,
        principal: &Principal,
        today: Date,
    ) -> Result<(ItemBank, Vec<bank::Diagnostic>), ServiceError> {
        principal.require(Role::Author)?;
        Ok(self.bank_on_disk(today))
    }

    pub(super) fn bank_on_disk(&self, today: Date) -> (ItemBank, Vec<bank::Diagnostic>) {
        let loaded = bank::load(&self.bank().dir, today);
        match loaded.bank {
            Some(bank) => (bank, Vec::new()),
            None => (
                (*self.bank()).clone(),
                loaded.errors().take(5).cloned().collect(),
            ),
        }
    }

    /// Item statistics over the stored answers in `scope`, computed now from every stored
    /// answer (seconds at a real agency: the pages use [`Authoring::author_statistics`]).
    pub fn item_statistics(
        &self,
        principal: &Principal,
        bank: &ItemBank,
        scope: Scope,
        today: Date,
    ) -> Result<BankStatistics, ServiceError> {
        principal.require(Role::Author)?;
        Ok(self.compute_item_statistics(bank, scope, today)?.0)
    }

    /// Item statistics for `bank` over the answers in `scope`, from the cache of
    /// [`super::stats_cache`]: computed at the first view (of a scope, after a start or a change
    /// of the bank) and refreshed on a background thread when stale. `now` is the time of the
    /// view (the snapshot's age is measured from it).
    pub fn author_statistics(
        self: &Arc<Self>,
        principal: &Principal,
        bank: Arc<ItemBank>,
        scope: Scope,
        today: Date,
        now: jiff::Timestamp,
    ) -> Result<Cached, ServiceError> {
        principal.require(Role::Author)?;
        self.cached_statistics(bank, scope, today, now)
    }

    /// Compute the statistics of every cycle (the overview's default scope) on a background
    /// thread, for the bank on disk: run when the server starts, so that the first author view
    /// finds them (or waits for this computation instead of starting its own).
    pub fn warm_author_statistics(
        self: &Arc<Self>,
        today: Date,
        now: jiff::Timestamp,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let service = self.clone();
        std::thread::Builder::new()
            .name("author-statistics".into())
            .spawn(move || {
                let (bank, _) = service.bank_on_disk(today);
                let warmed =
                    service.cached_statistics(Arc::new(bank), Scope::default(), today, now);
                if let Err(e) = warmed {
                    tracing::warn!(error = %e, "computing the item statistics at start failed");
                }
            })
    }

    fn cached_statistics(
        self: &Arc<Self>,
        bank: Arc<ItemBank>,
        scope: Scope,
        today: Date,
        now: jiff::Timestamp,
    ) -> Result<Cached, ServiceError> {
        let request = Request {
            bank,
            scope,
            today,
            now,
            stored_answers: self.store.gauges()?.0,
        };
        let service = Arc::downgrade(self);
        let compute = move |r: &Request| match service.upgrade() {
            Some(s) => s.compute_item_statistics(&r.bank, r.scope, r.today),
            None => Err(ServiceError::Internal("the service has stopped".into())),
        };
        let spawn = |job: Box<dyn FnOnce() + Send>| {
            let spawned = std::thread::Builder::new()
                .name("author-statistics".into())
                .spawn(job);
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "could not start refreshing the item statistics");
            }
        };
        self.statistics.get(&request, compute, spawn)
    }

    /// The cache behind [`Authoring::author_statistics`] (its computation count, and a way to wait
    /// for a background refresh).
    pub fn author_statistics_cache(&self) -> &StatsCache {
        &self.statistics
    }

    /// The statistics, the answers in scope they cover and the stored answers counted first.
    fn compute_item_statistics(
        &self,
        bank: &ItemBank,
        scope: Scope,
        today: Date,
    ) -> Computed<ServiceError> {
        // Counted before reading: answers stored in between are covered but not counted, which
        // can only make the next refresh come early.
        let stored_answers = self.store.gauges()?.0;
        // The published tests only, as in the HR reports: a test enters in a batch that adds
        // 0 or at least k people, so no two versions of a figure here isolate one person.
        let published = self
            .reports
            .published_answers(scope.cycle.map(crate::store::CycleId))?;
        let answers: Vec<Vec<Observed>> = published
            .tests
            .into_iter()
            .map(|(_, answers)| {
                answers
                    .into_iter()
                    .map(|r| {
                        let ResponseRecord {
                            item_id,
                            correct,
                            response_ms,
                            form,
                            ..
                        } = r;
                        Observed {
                            item_id,
                            correct,
                            response_ms,
                            form,
                        }
                    })
                    .collect()
            })
            .collect();
        let covered = answers.iter().map(Vec::len).sum();
        Ok((
            item_statistics(bank, &answers, today, published.k),
            covered,
            stored_answers,
        ))
    }

    /// Register a law change typed into the author page: checked field by field (the same rules
    /// as `forvalt law changed` and the registry file), then added to `law-changes.toml`
    /// (atomically, all or nothing, [`bank::writeback::add_law_change`]) and audited. Returns
    /// the change and the items it flags, or the fields that are wrong.
    pub fn register_law_change(
        &self,
        principal: &Principal,
        input: &LawChangeInput,
        today: Date,
        now: jiff::Timestamp,
    ) -> Result<Registration, ServiceError> {
        principal.require(Role::Author)?;
        let bank = self.writable_bank(today)?;
        let mut wrong = Vec::new();
        let act = bank::lawchange::find_act(&bank.acts, &input.act).ok();
        if act.is_none() {
            wrong.push(LawChangeField::Act);
        }
        // Without a known act the section's shape is still checked (against any act: the rule
        // is the same for all), so that every wrong field is named at once.
        let section = match act.or(bank.acts.first()) {
            _ if input.section.trim().is_empty() => None,
            Some(a) => bank::lawchange::parse_section(a, &input.section).ok(),
            None => Some(String::new()),
        };
        if section.is_none() {
            wrong.push(LawChangeField::Section);
        }
        // Optional: empty is the whole section. Checked against the act's ledd only with a
        // known act and section.
        let ledd: Result<Option<u32>, ()> = match input.ledd.trim() {
            "" => Ok(None),
            text => match (text.parse::<i64>(), act, &section) {
                (Ok(n), Some(a), Some(s)) => bank::lawchange::check_ledd(a, s, n)
                    .map(Some)
                    .map_err(|_| ()),
                (Ok(n), _, _) if n >= 1 => Ok(None),
                _ => Err(()),
            },
        };
        if ledd.is_err() {
            wrong.push(LawChangeField::Ledd);
        }
        let changed_on: Option<Date> = input.changed_on.trim().parse().ok();
        if changed_on.is_none() {
            wrong.push(LawChangeField::Date);
        }
        let (Some(act), Some(section), Ok(ledd), Some(changed_on)) =
            (act, section, ledd, changed_on)
        else {
            return Ok(Err(wrong));
        };
        let change = LawChange {
            act: act.name.clone(),
            section,
            ledd,
            changed_on,
            note: input.note.trim().to_string(),
        };
        if bank.law_changes.iter().any(|c| c.same_as(&change)) {
            return Ok(Err(vec![LawChangeField::Duplicate]));
        }
        let reloaded =
            bank::writeback::add_law_change(&bank.dir, &change, today).map_err(writeback_error)?;
        let flagged: Vec<ItemId> = bank::lawchange::flagged_items(&reloaded)
            .into_iter()
            .filter(|f| f.changes.iter().any(|c| **c == change))
            .map(|f| f.item.id.clone())
            .collect();
        self.audit(
            principal,
            "/forfatter/lovendringer/ny",
            format!(
                "lovendring registrert: {} endret {} ({} oppgaver flagget)",
                change.section_key(),
                change.changed_on,
                flagged.len()
            ),
            now,
        )?;
        Ok(Ok((change, flagged)))
    }

    /// One audit entry for an author's change of the bank.
    pub(super) fn audit(
        &self,
        principal: &Principal,
        route: &str,
        what: String,
        now: jiff::Timestamp,
    ) -> Result<(), ServiceError> {
        let user = &principal.user;
        self.store.append_audit(&crate::store::AuditRecord {
            id: 0,
            at: now,
            user_id: user.id,
            employee_id: user.employee_id.clone(),
            role: user.role,
            route: route.to_string(),
            cycle_id: None,
            level: None,
            topic: None,
            department: None,
            format: what,
        })?;
        Ok(())
    }

    /// Send every item flagged by a law change back to draft, or retire it (in the files).
    pub fn apply_law_review(
        &self,
        principal: &Principal,
        action: bank::ReviewAction,
        today: Date,
    ) -> Result<Vec<ItemId>, ServiceError> {
        principal.require(Role::Author)?;
        let bank = self.writable_bank(today)?;
        bank::lawchange::send_flagged_to(&bank, action, today)
            .map(|(ids, _)| ids)
            .map_err(writeback_error)
    }
}

/// A law change as typed into the author page's form (raw text, checked by
/// [`Authoring::register_law_change`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LawChangeInput {
    /// The act's name in `laws.toml` or its Lovdata id.
    pub act: String,
    /// One section: a number with an optional letter ("17", "11a", "§ 17").
    pub section: String,
    /// Optional: the one ledd that changed, a number from 1 (empty: the whole section).
    pub ledd: String,
    /// `YYYY-MM-DD`.
    pub changed_on: String,
    pub note: String,
}

/// A registered change and the ids of the items it flags, or the fields that are wrong.
pub type Registration = Result<(LawChange, Vec<ItemId>), Vec<LawChangeField>>;

/// A field of [`LawChangeInput`] that is wrong, or the change that is already registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LawChangeField {
    /// Not an act of `laws.toml`.
    Act,
    /// Empty, or not one section.
    Section,
    /// Not a number from 1 to the section's number of ledd.
    Ledd,
    /// Not a date.
    Date,
    /// The same section changed on the same day is already registered.
    Duplicate,
}

pub(super) fn writeback_error(e: bank::writeback::WritebackError) -> ServiceError {
    match e {
        bank::writeback::WritebackError::Invalid(problems) => {
            super::Refusal::WouldBreakBank { problems }.into()
        }
        other => ServiceError::Internal(other.to_string()),
    }
}

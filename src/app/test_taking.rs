//! Taking a test: start or resume, the current item, answers.
//!
//! Answers carry the position they answer. An answer for any other position than the pending
//! one (a reload, the back button, a double click) is ignored and the current item is shown;
//! the store re-checks this inside the write transaction, so two concurrent submits cannot both
//! be stored.

use std::sync::Arc;

use jiff::Timestamp;

use super::{BankRef, LiveEngine};
use super::{Principal, ServiceError};
use crate::bank::{Form, Item};
use crate::engine::Choice;
use crate::engine::Engine;
use crate::store::{
    AnswerOutcome, AnswerWrite, CycleId, FinishedRecord, ItemVersionRecord, NextWrite,
    PendingRecord, ResponseRecord, Role, Store, TestId, TestRecord, TestState, UserId, UserRecord,
};

/// What a caseworker does: see the cycles, start or resume a test, answer, see the result.
#[derive(Debug)]
pub struct TestTaking {
    pub(super) store: Arc<Store>,
    pub(super) engine: Arc<LiveEngine>,
    /// The målform of people for whom neither the roster nor they themselves chose one.
    pub(super) default_form: Form,
    /// Days after a deadline in which a started test may be finished (see `deadline`).
    pub(super) late_grace_days: u32,
}

/// Where a test stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Current {
    Item(ItemView),
    Finished,
}

/// The item to show, exactly as stored for its version.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub test_id: TestId,
    /// 0-based; the answer form sends it back.
    pub position: u32,
    pub stem: String,
    pub options: Vec<String>,
    pub progress: Progress,
    /// The form the item is shown in (bokmål for an item without the person's form).
    pub form: Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub answered: usize,
    pub max_items: usize,
    pub topics_covered: usize,
    pub n_topics: usize,
}

/// An answer as submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerInput {
    pub position: u32,
    /// Index of the option chosen (A = 0).
    pub option: usize,
    /// Time to answer as measured by the client; when absent, the server's time since the item
    /// was first shown is stored.
    pub response_ms: Option<u64>,
}

/// Whose response time is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseTime {
    /// The given one (simulations, whose clock is their own), else the measured one.
    AsGiven,
    /// The client's claim, but never more than the server measured.
    AtMostMeasured,
}

impl TestTaking {
    pub fn new(store: Arc<Store>, engine: Arc<LiveEngine>) -> TestTaking {
        TestTaking {
            store,
            engine,
            default_form: Form::Nb,
            late_grace_days: super::Config::default().late_grace_days,
        }
    }

    /// The same, with `form` as the målform of people who have none from the roster or their
    /// own choice.
    pub fn with_default_form(mut self, form: Form) -> TestTaking {
        self.default_form = form;
        self
    }

    /// The målform of people without one of their own (the configuration's `malform`): the
    /// login page's.
    pub fn default_form(&self) -> Form {
        self.default_form
    }

    /// The målform `user` reads: their own choice, else the roster's, else the configuration's.
    pub fn form_of(&self, user: &UserRecord) -> Form {
        user.malform.resolve(self.default_form)
    }

    /// Record the målform the principal chose. Items shown from now on are in that form; an
    /// item already on screen stays as it was shown.
    pub fn choose_form(&self, principal: &Principal, form: Form) -> Result<(), ServiceError> {
        if self
            .store
            .set_chosen_malform(UserId(principal.user.id), form)?
        {
            Ok(())
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// The same, with another grace period after deadlines.
    pub fn with_late_grace_days(self, days: u32) -> TestTaking {
        TestTaking {
            late_grace_days: days,
            ..self
        }
    }

    /// The item bank new tests start on.
    pub fn bank(&self) -> BankRef {
        self.engine.bank()
    }

    /// The database (for the simulated caseworkers, who read the key of the item shown).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The caseworker's test in a cycle, started now if it does not exist. Only open cycles
    /// can be started; the deadline is not checked here (tools replay past cycles):
    /// caseworkers start through [`TestTaking::start_within_deadline`].
    pub fn start_test(
        &self,
        principal: &Principal,
        cycle_id: CycleId,
        now: Timestamp,
    ) -> Result<TestRecord, ServiceError> {
        if principal.user.role != Role::Caseworker {
            return Err(ServiceError::Forbidden);
        }
        let cycle = self.store.cycle(cycle_id)?.ok_or(ServiceError::NotFound)?;
        if today(now) < cycle.opens {
            return Err(super::Refusal::CycleNotOpen {
                cycle: cycle.name,
                opens: cycle.opens,
            }
            .into());
        }
        let seed = rand::random::<u64>();
        Ok(self
            .store
            .test_for_or_create(UserId(principal.user.id), cycle_id, seed, now)?)
    }

    /// A test the principal owns. Anyone else's test is "not found", so ids reveal nothing.
    pub(super) fn own_test(
        &self,
        principal: &Principal,
        test_id: TestId,
    ) -> Result<TestRecord, ServiceError> {
        match self.store.test(test_id)? {
            Some(test) if test.user_id == principal.user.id => Ok(test),
            _ => Err(ServiceError::NotFound),
        }
    }

    /// A test the principal owns, with its history, read in one transaction.
    fn own_state(&self, principal: &Principal, test_id: TestId) -> Result<TestState, ServiceError> {
        match self.store.test_state(test_id)? {
            Some(state) if state.test.user_id == principal.user.id => Ok(state),
            _ => Err(ServiceError::NotFound),
        }
    }

    /// The item to answer now, choosing (and durably recording) a new one if needed.
    pub fn current(
        &self,
        principal: &Principal,
        test_id: TestId,
        now: Timestamp,
    ) -> Result<Current, ServiceError> {
        let state = self.own_state(principal, test_id)?;
        self.current_of(state, self.form_of(&principal.user), now)
    }

    /// Where the test in `state` stands; a new item is shown in `form`.
    fn current_of(
        &self,
        state: TestState,
        form: Form,
        now: Timestamp,
    ) -> Result<Current, ServiceError> {
        let TestState {
            test,
            answers,
            pending,
            previous_items,
        } = state;
        if test.finished.is_some() {
            return Ok(Current::Finished);
        }
        let engine = self.engine.for_test(TestId(test.id));
        let (pending, shown) = match pending {
            Some(pending) => pending,
            None => {
                let mut session = engine.replay(test.seed, &previous_items, &answers, None);
                let position = answers.len() as u32;
                let seen: Vec<&str> = answers.iter().map(|a| a.item_id.as_str()).collect();
                match self.choose(
                    &engine,
                    &test,
                    &mut session,
                    position,
                    &seen,
                    &previous_items,
                )? {
                    Choice::Item { item, pretest } => {
                        let (record, shown) = pending_for(item, position, pretest, form, now);
                        match self.store.set_pending(
                            TestId(test.id),
                            record.clone(),
                            shown.clone(),
                        )? {
                            // Another request chose first: show what it stored.
                            Some(stored) if stored != record => {
                                let shown = self.shown(&stored)?;
                                (stored, shown)
                            }
                            Some(stored) => (stored, shown),
                            None => return Ok(Current::Finished),
                        }
                    }
                    Choice::Finished(reason, estimate) => {
                        self.store.finish_test(
                            TestId(test.id),
                            finished(reason, estimate.theta, estimate.se, now),
                        )?;
                        return Ok(Current::Finished);
                    }
                }
            }
        };
        Ok(self.view(
            TestId(test.id),
            &pending,
            shown,
            answers.iter().map(|a| &*a.item_id),
        ))
    }

    fn view<'a>(
        &self,
        test_id: TestId,
        pending: &PendingRecord,
        shown: ItemVersionRecord,
        answered: impl Iterator<Item = &'a str>,
    ) -> Current {
        Current::Item(ItemView {
            test_id,
            position: pending.position,
            stem: shown.stem,
            options: shown.options,
            progress: self.progress(answered),
            form: pending.form,
        })
    }

    /// Record an answer (if it is for the pending position) and return what to show next.
    /// Returns whether the answer was stored; a stale or repeated answer is not an error.
    ///
    /// One read transaction gives the whole state; after the durable write, what to show next
    /// is known without reading again (it was written together with the answer).
    pub fn answer(
        &self,
        principal: &Principal,
        test_id: TestId,
        input: AnswerInput,
        now: Timestamp,
    ) -> Result<(bool, Current), ServiceError> {
        self.record_answer(principal, test_id, input, now, ResponseTime::AsGiven)
    }

    /// [`TestTaking::answer`] for input from a client (the JSON API): a claimed response time is
    /// bounded by the time the server measured since the item was shown.
    pub fn answer_from_client(
        &self,
        principal: &Principal,
        test_id: TestId,
        input: AnswerInput,
        now: Timestamp,
    ) -> Result<(bool, Current), ServiceError> {
        self.record_answer(principal, test_id, input, now, ResponseTime::AtMostMeasured)
    }

    fn record_answer(
        &self,
        principal: &Principal,
        test_id: TestId,
        input: AnswerInput,
        now: Timestamp,
        response_time: ResponseTime,
    ) -> Result<(bool, Current), ServiceError> {
        let state = self.own_state(principal, test_id)?;
        let form = self.form_of(&principal.user);
        let (pending, shown) = match &state.pending {
            Some((p, shown)) if state.test.finished.is_none() && p.position == input.position => {
                (p, shown)
            }
            _ => return Ok((false, self.current_of(state, form, now)?)),
        };
        if input.option >= shown.options.len() {
            return Err(super::Refusal::NoSuchOption {
                option: input.option + 1,
            }
            .into());
        }
        let correct = input.option == usize::from(shown.key);
        let (test, answers) = (&state.test, &state.answers);
        let engine = self.engine.for_test(TestId(test.id));
        let mut session = engine.replay(test.seed, &state.previous_items, answers, Some(pending));
        let (pool, rules) = (engine.pool(), engine.rules());
        // An item retired from the bank while it was on screen is still answered and stored
        // (against the version shown), but no longer counts towards the estimate; nor does a
        // pretest item.
        if !pending.pretest
            && let Some(pool_ix) = engine.pool_index(&pending.item_id)
            && session.answer(pool, rules, pool_ix, correct).is_err()
        {
            return Ok((false, self.current_of(state, form, now)?));
        }
        let next_position = pending.position + 1;
        let seen: Vec<&str> = answers
            .iter()
            .map(|a| a.item_id.as_str())
            .chain([pending.item_id.as_str()])
            .collect();
        let next = match self.choose(
            &engine,
            test,
            &mut session,
            next_position,
            &seen,
            &state.previous_items,
        )? {
            Choice::Item { item, pretest } => {
                let (record, shown) = pending_for(item, next_position, pretest, form, now);
                NextWrite::Pending(record, shown)
            }
            Choice::Finished(reason, estimate) => {
                NextWrite::Finished(finished(reason, estimate.theta, estimate.se, now))
            }
        };
        let elapsed = (now - pending.shown_at)
            .total(jiff::Unit::Millisecond)
            .unwrap_or(0.0)
            .max(0.0) as u64;
        let write = AnswerWrite {
            response: ResponseRecord {
                test_id: test.id,
                position: pending.position,
                item_id: pending.item_id.clone(),
                version: pending.version.clone(),
                option: input.option as u8,
                correct,
                response_ms: match response_time {
                    ResponseTime::AsGiven => input.response_ms.unwrap_or(elapsed),
                    ResponseTime::AtMostMeasured => {
                        input.response_ms.map_or(elapsed, |ms| ms.min(elapsed))
                    }
                },
                answered_at: now,
                pretest: pending.pretest,
                form: pending.form,
                text_version: pending.text_version.clone(),
            },
            next,
        };
        if self.store.record_answer(&write)? == AnswerOutcome::Stale {
            // Another request answered this position first: show what it left.
            let state = self.own_state(principal, test_id)?;
            return Ok((false, self.current_of(state, form, now)?));
        }
        // A stored pretest answer was counted in the same transaction (`Store::pretest_counts`).
        let answered = answers
            .iter()
            .map(|a| &*a.item_id)
            .chain([&*write.response.item_id]);
        let current = match write.next {
            NextWrite::Pending(record, shown) => {
                self.view(TestId(test.id), &record, shown, answered)
            }
            NextWrite::Finished(_) => Current::Finished,
        };
        Ok((true, current))
    }

    /// The text shown for a pending item: the stored snapshot of its version.
    fn shown(&self, pending: &PendingRecord) -> Result<ItemVersionRecord, ServiceError> {
        let version = pending.shown_version();
        self.store
            .item_version(version)?
            .ok_or_else(|| ServiceError::Internal(format!("item version {version} is not stored")))
    }

    /// How far a test has come, from the ids of the items answered.
    fn progress<'a>(&self, answered: impl Iterator<Item = &'a str>) -> Progress {
        let engine = self.engine.current();
        let mut covered = vec![false; engine.bank().topics.len()];
        let mut n = 0;
        for id in answered {
            n += 1;
            if let Some(item) = engine.bank().item(id) {
                covered[item.topic] = true;
            }
        }
        Progress {
            answered: n,
            max_items: engine.rules().blueprint.max_items(),
            topics_covered: covered.iter().filter(|&&c| c).count(),
            n_topics: covered.len(),
        }
    }
}

impl TestTaking {
    /// The item for `position` of `test`, as the live engine chooses it ([`Engine::choose`]).
    ///
    /// [`Engine::choose`]: crate::engine::Engine::choose
    fn choose<'e>(
        &self,
        engine: &'e Engine,
        test: &TestRecord,
        session: &mut crate::cat::Session,
        position: u32,
        seen: &[&str],
        excluded: &[String],
    ) -> Result<Choice<'e>, ServiceError> {
        // The pretest counts are read from the store each time they are needed (one small table,
        // a row per pretest item): exact, shared by every request, and no scan after a restart —
        // no cache needed.
        engine.choose(test.seed, position, session, seen, excluded, || {
            Ok(self.store.pretest_counts()?)
        })
    }
}

/// The pending record for showing `item` at `position` in `form` (bokmål if the item has none
/// in it), and the text shown, stored under the version of that text.
fn pending_for(
    item: &Item,
    position: u32,
    pretest: bool,
    form: Form,
    now: Timestamp,
) -> (PendingRecord, ItemVersionRecord) {
    let text = item.text(form);
    let text_version = (!text.form.is_nb()).then(|| text.version(item.key));
    (
        PendingRecord {
            position,
            item_id: item.id.to_string(),
            version: item.version.clone(),
            shown_at: now,
            pretest,
            form: text.form,
            text_version: text_version.clone(),
        },
        ItemVersionRecord {
            version: text_version.unwrap_or_else(|| item.version.clone()),
            item_id: item.id.to_string(),
            stem: text.stem.to_string(),
            options: text.options.to_vec(),
            key: item.key as u8,
            first_shown: now,
        },
    )
}

fn finished(reason: crate::cat::StopReason, theta: f64, se: f64, now: Timestamp) -> FinishedRecord {
    let reason = serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    FinishedRecord {
        at: now,
        reason,
        theta,
        standard_error: se,
    }
}

/// The calendar date of `now` in the server's time zone.
pub fn today(now: Timestamp) -> jiff::civil::Date {
    now.to_zoned(jiff::tz::TimeZone::system()).date()
}

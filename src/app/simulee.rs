//! Simulated caseworkers: people who take whole tests through the same service calls as the
//! browser (start, show the current item, answer), answering as a caller-given rule says.
//!
//! The demo's history ([`super::demo`]) and the integration tests build their data with these,
//! so that simulated data always goes through the real code path (item selection, pretest
//! seeding, stopping, durable commits).

use jiff::Timestamp;

use super::{AnswerInput, Current, ItemView, Principal, ServiceError, TestTaking};
use crate::bank::Item;
use crate::store::{Role, Store, TestId, UserInput};

/// What a simulated caseworker is shown, to choose an answer from.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    pub view: &'a ItemView,
    /// The item in the service's bank (its parameters, topic, id).
    pub item: &'a Item,
    /// An unscored pretest item.
    pub pretest: bool,
    /// The right option of the version shown.
    pub key: usize,
}

/// An answer: the option chosen and the response time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub option: usize,
    pub response_ms: u64,
}

impl Shown<'_> {
    /// The right option.
    pub fn right(&self, response_ms: u64) -> Choice {
        Choice {
            option: self.key,
            response_ms,
        }
    }

    /// A wrong option: the one after the right one.
    pub fn wrong(&self, response_ms: u64) -> Choice {
        Choice {
            option: (self.key + 1) % self.view.options.len(),
            response_ms,
        }
    }
}

/// A caseworker without a password (a simulated person cannot log in), e-mail `{id}@{domain}`.
pub fn caseworker(employee_id: String, name: String, department: &str, domain: &str) -> UserInput {
    UserInput {
        email: format!("{employee_id}@{domain}"),
        employee_id,
        name,
        department: department.to_string(),
        role: Role::Caseworker,
        password_hash: None,
    }
}

/// Store `people` (new or updated) and return them as principals, in the same order.
pub fn enrol(
    store: &Store,
    people: &[UserInput],
    now: Timestamp,
) -> Result<Vec<Principal>, ServiceError> {
    store.upsert_users(people, now)?;
    people
        .iter()
        .map(|p| {
            let user = store
                .user_by_login(&p.employee_id)?
                .ok_or(ServiceError::NotFound)?;
            Ok(Principal {
                user,
                csrf: String::new(),
            })
        })
        .collect()
}

/// Answer test `test_id` of `principal` as `choose` says, until the test is finished or after
/// `max_answers` answers. Returns the number of answers stored; an answer the service does not
/// store is an error (a simulated caseworker answers only the item shown).
pub fn take_test(
    test_taking: &TestTaking,
    principal: &Principal,
    test_id: TestId,
    now: Timestamp,
    max_answers: usize,
    mut choose: impl FnMut(&Shown) -> Choice,
) -> Result<usize, ServiceError> {
    let store = test_taking.store();
    let mut answers = 0;
    while answers < max_answers {
        let Current::Item(view) = test_taking.current(principal, test_id, now)? else {
            break;
        };
        let (_, pending) = store.history(test_id)?;
        let pending = pending.ok_or(ServiceError::NotFound)?;
        let key = store
            .item_version(pending.shown_version())?
            .ok_or(ServiceError::NotFound)?
            .key as usize;
        let bank = test_taking.bank();
        let item = bank.item(&pending.item_id).ok_or(ServiceError::NotFound)?;
        let choice = choose(&Shown {
            view: &view,
            item,
            pretest: pending.pretest,
            key,
        });
        let input = AnswerInput {
            position: view.position,
            option: choice.option,
            response_ms: Some(choice.response_ms),
        };
        let (stored, _) = test_taking.answer(principal, test_id, input, now)?;
        if !stored {
            return Err(ServiceError::Internal(format!(
                "the answer at position {} of test {test_id} was not stored",
                view.position
            )));
        }
        answers += 1;
    }
    Ok(answers)
}

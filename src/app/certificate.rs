//! The completion certificate: proof that a caseworker completed the test in a cycle, to file
//! in the personnel record like a course certificate. Name, unit, cycle and date — never a score.

use super::followup::in_subtree;
use super::test_taking::today;
use super::{Principal, ServiceError};
use crate::store::{CycleId, Store, TestId, UserId};

/// What a certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub name: String,
    pub employee_id: String,
    /// The department the test was taken in.
    pub department: String,
    pub cycle_name: String,
    pub completed_on: jiff::civil::Date,
}

/// The certificate of completed test `test_id`, for its caseworker or for a leader of the unit
/// the caseworker works in now. Anyone else, an unfinished test, and a test no longer linked to
/// a person (retention) get "not found", so test ids reveal nothing.
pub fn certificate(
    store: &Store,
    principal: &Principal,
    test_id: TestId,
) -> Result<Certificate, ServiceError> {
    let test = store.test(test_id)?.ok_or(ServiceError::NotFound)?;
    let finished = test.finished.as_ref().ok_or(ServiceError::NotFound)?;
    let owner = store
        .user(UserId(test.user_id))?
        .ok_or(ServiceError::NotFound)?;
    let own = owner.id == principal.user.id;
    let leads_owner = principal
        .user
        .leads
        .as_deref()
        .is_some_and(|unit| in_subtree(&owner.department, unit));
    if !own && !leads_owner {
        return Err(ServiceError::NotFound);
    }
    let cycle = store
        .cycle(CycleId(test.cycle_id))?
        .ok_or(ServiceError::NotFound)?;
    Ok(Certificate {
        department: test.department.clone().unwrap_or(owner.department.clone()),
        name: owner.name,
        employee_id: owner.employee_id,
        cycle_name: cycle.name,
        completed_on: today(finished.at),
    })
}

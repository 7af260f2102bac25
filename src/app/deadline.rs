//! Deadlines that mean something: after a cycle's deadline a test cannot be started unless the
//! cycle allows late completion (`CycleRecord::allow_late`), and a test already started can be
//! finished within a grace period (the cycle's `grace_days`, else `late_grace_days` from the
//! configuration).
//!
//! Enforced where caseworkers start and answer (the pages and the JSON API, through
//! [`TestTaking::start_within_deadline`] and [`TestTaking::check_deadline`]); the tools that
//! replay or simulate tests of past cycles (demo, simulation, load tests) call
//! [`TestTaking::start_test`] and [`TestTaking::answer`] directly.

use jiff::Timestamp;
use jiff::civil::Date;

use super::test_taking::today;
use super::{Principal, ServiceError, TestTaking};
use crate::store::{CycleRecord, TestId, TestRecord};

/// Whether a new test may be started in `cycle` on `today` (an unopened cycle is refused
/// elsewhere).
pub fn may_start(cycle: &CycleRecord, today: Date) -> bool {
    today <= cycle.deadline || cycle.allow_late
}

/// Whether an unfinished test of `cycle` may still be answered on `today`.
pub fn may_continue(cycle: &CycleRecord, today: Date, default_grace_days: u32) -> bool {
    let grace = i64::from(cycle.grace_days.unwrap_or(default_grace_days));
    let last = cycle
        .deadline
        .checked_add(jiff::Span::new().days(grace))
        .unwrap_or(cycle.deadline);
    cycle.allow_late || today <= last
}

impl TestTaking {
    /// [`TestTaking::start_test`] as a caseworker may do it: after the deadline only when the
    /// cycle allows late completion, or to resume a started test within the grace period.
    pub fn start_within_deadline(
        &self,
        principal: &Principal,
        cycle_id: crate::store::CycleId,
        now: Timestamp,
    ) -> Result<crate::store::TestRecord, ServiceError> {
        let cycle = self.store.cycle(cycle_id)?.ok_or(ServiceError::NotFound)?;
        let day = today(now);
        if !may_start(&cycle, day) {
            let started = self
                .store
                .tests_of_user(crate::store::UserId(principal.user.id))?
                .into_iter()
                .find(|t| t.cycle_id == cycle_id.0);
            let resumable = started.as_ref().is_some_and(|t| {
                t.finished.is_some() || may_continue(&cycle, day, self.late_grace_days)
            });
            if !resumable {
                return Err(super::Refusal::DeadlinePassed {
                    cycle: cycle.name,
                    deadline: cycle.deadline,
                }
                .into());
            }
        }
        self.start_test(principal, cycle_id, now)
    }

    /// Refuse to go on with an unfinished test whose deadline and grace period have passed
    /// (a finished test can always be looked at).
    pub fn check_deadline(
        &self,
        principal: &Principal,
        test_id: TestId,
        now: Timestamp,
    ) -> Result<(), ServiceError> {
        let test = self.own_test(principal, test_id)?;
        if test.finished.is_some() {
            return Ok(());
        }
        let cycle = self
            .store
            .cycle(crate::store::CycleId(test.cycle_id))?
            .ok_or(ServiceError::NotFound)?;
        if may_continue(&cycle, today(now), self.late_grace_days) {
            Ok(())
        } else {
            Err(super::Refusal::GraceOver {
                cycle: cycle.name,
                deadline: cycle.deadline,
            }
            .into())
        }
    }

    /// Whether the caseworker can no longer start or continue their test of `cycle` (`test`,
    /// if they have started one), for the home page.
    pub fn closed_for(
        &self,
        cycle: &CycleRecord,
        test: Option<&TestRecord>,
        now: Timestamp,
    ) -> bool {
        let day = today(now);
        match test {
            Some(_) => !may_continue(cycle, day, self.late_grace_days),
            None => !may_start(cycle, day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cycle(allow_late: bool, grace_days: Option<u32>) -> CycleRecord {
        CycleRecord {
            id: 1,
            name: "Vår".into(),
            opens: date(2026, 3, 1),
            deadline: date(2026, 3, 31),
            allow_late,
            grace_days,
            min_people: None,
        }
    }

    #[test]
    fn starting_ends_at_the_deadline_unless_late_is_allowed() {
        assert!(may_start(&cycle(false, None), date(2026, 3, 31)));
        assert!(!may_start(&cycle(false, None), date(2026, 4, 1)));
        assert!(may_start(&cycle(true, None), date(2027, 1, 1)));
    }

    #[test]
    fn a_started_test_can_be_finished_within_the_grace_period() {
        let c = cycle(false, None);
        assert!(may_continue(&c, date(2026, 4, 7), 7));
        assert!(!may_continue(&c, date(2026, 4, 8), 7));
        assert!(!may_continue(&c, date(2026, 4, 1), 0));
        let own = cycle(false, Some(2));
        assert!(may_continue(&own, date(2026, 4, 2), 7));
        assert!(
            !may_continue(&own, date(2026, 4, 3), 7),
            "the cycle's own grace wins"
        );
        assert!(may_continue(&cycle(true, None), date(2030, 1, 1), 0));
    }
}

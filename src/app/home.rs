//! The home page's view of the cycles: what the caseworker has to do.

use jiff::Timestamp;

use super::test_taking::today;
use super::{Principal, ServiceError, TestTaking};
use crate::store::{CycleRecord, TestId, TestRecord};

#[derive(Debug, Clone, PartialEq)]
pub struct HomeCycle {
    pub cycle: CycleRecord,
    pub status: CycleStatus,
    pub test_id: Option<TestId>,
    pub answered: usize,
    /// Past the deadline (and the grace period for a started test): the test can no longer be
    /// started or continued.
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CycleStatus {
    /// Not open yet.
    Upcoming,
    /// Open, not started, deadline not passed.
    Due,
    InProgress,
    Completed,
    /// Deadline passed and not completed.
    Overdue,
}

impl CycleStatus {
    /// Where a caseworker stands in `cycle` on `today`, given their test in it (if any). The one
    /// rule behind the home page and HR's completion report.
    pub fn of(
        cycle: &CycleRecord,
        test: Option<&TestRecord>,
        today: jiff::civil::Date,
    ) -> CycleStatus {
        if test.is_some_and(|t| t.finished.is_some()) {
            CycleStatus::Completed
        } else if today < cycle.opens {
            CycleStatus::Upcoming
        } else if today > cycle.deadline {
            CycleStatus::Overdue
        } else if test.is_some() {
            CycleStatus::InProgress
        } else {
            CycleStatus::Due
        }
    }

    /// The status as a unit leader reads it in `form` (the leader pages' words), for the weekly
    /// digest.
    pub fn leader_label(&self, form: crate::text::Form) -> &'static str {
        let words = &form.texts().reports.leader.statuses;
        match self {
            CycleStatus::Completed => words[0],
            CycleStatus::InProgress => words[1],
            CycleStatus::Due => words[2],
            CycleStatus::Overdue => words[3],
            CycleStatus::Upcoming => words[4],
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            CycleStatus::Upcoming => "upcoming",
            CycleStatus::Due => "due",
            CycleStatus::InProgress => "in_progress",
            CycleStatus::Completed => "completed",
            CycleStatus::Overdue => "overdue",
        }
    }
}

impl TestTaking {
    /// Every cycle with the principal's status in it, newest first.
    pub fn home(
        &self,
        principal: &Principal,
        now: Timestamp,
    ) -> Result<Vec<HomeCycle>, ServiceError> {
        let today = today(now);
        let tests = self
            .store
            .tests_of_user(crate::store::UserId(principal.user.id))?;
        let mut out = Vec::new();
        for cycle in self.store.cycles()? {
            let test = tests.iter().find(|t| t.cycle_id == cycle.id);
            let answered = match test {
                Some(t) => self.store.history(TestId(t.id))?.0.len(),
                None => 0,
            };
            let status = CycleStatus::of(&cycle, test, today);
            out.push(HomeCycle {
                closed: self.closed_for(&cycle, test, now),
                status,
                test_id: test.map(|t| TestId(t.id)),
                answered,
                cycle,
            });
        }
        out.sort_by(|a, b| {
            b.cycle
                .opens
                .cmp(&a.cycle.opens)
                .then(b.cycle.id.cmp(&a.cycle.id))
        });
        Ok(out)
    }
}

//! Unit leaders: a person whose record names a department they lead (roster column `leads`)
//! sees who in that department subtree has completed the test, and the unit's topic report —
//! never another unit, never anyone's answers or scores.
//!
//! The topic report comes from [`Reports::unit_report`]: the figures and suppression HR sees
//! for the unit, not a computation of its own. Completion shows names and status only, as HR's
//! completion view does.

use std::sync::Arc;

use jiff::Timestamp;

use super::followup::in_subtree;
use super::test_taking::today;
use super::{CycleStatus, Principal, ReportAccess, Reports, ServiceError, TopicReport};
use crate::store::{CycleId, CycleRecord, Role, Store, UserRecord};

/// One caseworker of the unit in a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPerson {
    pub name: String,
    pub employee_id: String,
    pub department: String,
    pub status: CycleStatus,
    /// The completed test, for the completion certificate.
    pub certificate_test: Option<u64>,
}

/// Completion in a leader's unit.
#[derive(Debug, Clone)]
pub struct UnitCompletion {
    /// The unit shown: the leader's own, or a department below it.
    pub unit: String,
    /// The unit the leader leads.
    pub leads: String,
    /// Every cycle, newest first.
    pub cycles: Vec<CycleRecord>,
    /// The cycle shown (`None` when there is none yet).
    pub cycle: Option<CycleRecord>,
    /// By department, then name.
    pub people: Vec<UnitPerson>,
}

impl UnitCompletion {
    pub fn count(&self, status: CycleStatus) -> usize {
        self.people.iter().filter(|p| p.status == status).count()
    }
}

/// What unit leaders can see.
#[derive(Debug)]
pub struct Leadership {
    store: Arc<Store>,
    reports: Arc<Reports>,
}

impl Leadership {
    pub fn new(store: Arc<Store>, reports: Arc<Reports>) -> Leadership {
        Leadership { store, reports }
    }

    /// The unit `principal` leads; 403 for anyone who leads none.
    pub fn leads(principal: &Principal) -> Result<String, ServiceError> {
        principal.user.leads.clone().ok_or(ServiceError::Forbidden)
    }

    /// The unit to show: `requested` when it is the leader's unit or below it (403 otherwise),
    /// else the leader's own.
    fn unit(
        principal: &Principal,
        requested: Option<&str>,
    ) -> Result<(String, String), ServiceError> {
        let leads = Leadership::leads(principal)?;
        match requested.map(str::trim).filter(|u| !u.is_empty()) {
            Some(unit) if in_subtree(unit, &leads) => Ok((unit.to_string(), leads)),
            Some(_) => Err(ServiceError::Forbidden),
            None => Ok((leads.clone(), leads)),
        }
    }

    /// Who in the unit has done what in a cycle (default: the newest).
    pub fn completion(
        &self,
        principal: &Principal,
        unit: Option<&str>,
        cycle: Option<CycleId>,
        now: Timestamp,
    ) -> Result<UnitCompletion, ServiceError> {
        let (unit, leads) = Leadership::unit(principal, unit)?;
        let mut cycles = self.store.cycles()?;
        cycles.sort_by(|a, b| b.opens.cmp(&a.opens).then(b.id.cmp(&a.id)));
        let chosen = match cycle {
            Some(id) => Some(
                cycles
                    .iter()
                    .find(|c| CycleId(c.id) == id)
                    .cloned()
                    .ok_or(ServiceError::NotFound)?,
            ),
            None => cycles.first().cloned(),
        };
        let mut people = Vec::new();
        if let Some(cycle) = &chosen {
            let tests = self.store.tests()?;
            let members: Vec<UserRecord> = self
                .store
                .users()?
                .into_iter()
                .filter(|u| u.role == Role::Caseworker && in_subtree(&u.department, &unit))
                .collect();
            for user in members {
                let test = tests
                    .iter()
                    .find(|t| t.user_id == user.id && t.cycle_id == cycle.id);
                let status = CycleStatus::of(cycle, test, today(now));
                people.push(UnitPerson {
                    certificate_test: test.filter(|t| t.finished.is_some()).map(|t| t.id),
                    name: user.name,
                    employee_id: user.employee_id,
                    department: user.department,
                    status,
                });
            }
        }
        people.sort_by(|a, b| (&a.department, &a.name).cmp(&(&b.department, &b.name)));
        Ok(UnitCompletion {
            unit,
            leads,
            cycles,
            cycle: chosen,
            people,
        })
    }

    /// The topic report of the leader's unit (or a department below it), written to the audit
    /// log before it is returned, like every HR view.
    pub fn report(
        &self,
        principal: &Principal,
        unit: Option<&str>,
        cycle: Option<CycleId>,
        now: Timestamp,
    ) -> Result<TopicReport, ServiceError> {
        let (unit, _) = Leadership::unit(principal, unit)?;
        let report = self.reports.unit_report(&principal.user, &unit, cycle)?;
        self.reports.record_report_access(
            principal,
            ReportAccess {
                route: "/leder/rapport".to_string(),
                cycle_id: Some(report.cycle.id),
                level: Some(report.report.level),
                topic: None,
                department: Some(unit),
                format: "html".to_string(),
            },
            now,
        )?;
        Ok(report)
    }
}

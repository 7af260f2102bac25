//! Administering test cycles: create one, change its deadline and late completion, close it.
//! The admin page (`/admin/sykluser`), the CLI (`forvalt cycles`) and the CLI through the
//! running server (`/ops/admin/cycles/…`) all go through [`Cycles`], so every path checks the
//! same rules ([`check_new`], [`check_change`], [`closed_version`]) and writes the same audit
//! entry.
//!
//! Privacy invariant (see [`crate::report::publish`] and `app::reports`): the drill-down's item
//! rows are computed from the tests published *as of the deadline* and shown only once the
//! deadline is past, so that there is exactly one version of them. Moving a deadline that has
//! passed would make a second version (more or fewer people, possibly fewer than k apart), so
//! once a deadline has passed it cannot be moved: late completion (`allow_late`, grace days)
//! can still be changed, since tests finished after the deadline never enter that version.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use super::deadline::{may_continue, may_start};
use super::test_taking::today;
use super::{App, Principal, ServiceError};
use crate::store::{AuditRecord, CycleRecord, Role, Store};
use crate::text::Form;

/// Longest cycle name accepted.
pub const MAX_NAME_CHARS: usize = 100;
/// Most grace days accepted (a year).
pub const MAX_GRACE_DAYS: u32 = 366;

/// Why a cycle change was refused. [`std::fmt::Display`] is English (the CLI);
/// [`CycleError::message`] is the page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CycleError {
    EmptyName,
    NameTooLong,
    DeadlineBeforeOpening {
        opens: Date,
        deadline: Date,
    },
    DuplicateName {
        name: String,
        opens: Date,
        deadline: Date,
    },
    NoSuchCycle(String),
    DeadlinePassed {
        name: String,
        deadline: Date,
    },
    TooManyGraceDays(u32),
    NotOpenedYet {
        name: String,
        opens: Date,
    },
    AlreadyClosed(String),
}

impl std::fmt::Display for CycleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CycleError::EmptyName => write!(f, "the cycle needs a name"),
            CycleError::NameTooLong => {
                write!(f, "the name is longer than {MAX_NAME_CHARS} characters")
            }
            CycleError::DeadlineBeforeOpening { opens, deadline } => {
                write!(f, "the deadline {deadline} is before the opening {opens}")
            }
            CycleError::DuplicateName {
                name,
                opens,
                deadline,
            } => write!(
                f,
                "a cycle named \"{name}\" already exists ({opens} – {deadline})"
            ),
            CycleError::NoSuchCycle(name) => write!(f, "no cycle is named \"{name}\""),
            CycleError::DeadlinePassed { name, deadline } => write!(
                f,
                "the deadline of \"{name}\" ({deadline}) has passed and can no longer be moved: \
                 the reports as of the deadline are fixed; allow late completion instead"
            ),
            CycleError::TooManyGraceDays(n) => {
                write!(f, "{n} grace days: at most {MAX_GRACE_DAYS}")
            }
            CycleError::NotOpenedYet { name, opens } => write!(
                f,
                "\"{name}\" opens {opens} and has not run a full day: change its dates instead of closing it"
            ),
            CycleError::AlreadyClosed(name) => write!(f, "\"{name}\" is already closed"),
        }
    }
}

impl CycleError {
    /// The refusal as the admin page says it.
    pub fn message(&self, form: Form) -> String {
        let t = &form.texts().admin;
        match self {
            CycleError::EmptyName => t.err_empty_name.to_string(),
            CycleError::NameTooLong => (t.err_name_too_long)(MAX_NAME_CHARS),
            CycleError::DeadlineBeforeOpening { opens, deadline } => {
                (t.err_deadline_before_opening)(&deadline.to_string(), &opens.to_string())
            }
            CycleError::DuplicateName {
                name,
                opens,
                deadline,
            } => (t.err_duplicate)(name, &opens.to_string(), &deadline.to_string()),
            CycleError::NoSuchCycle(name) => (t.err_no_such_cycle)(name),
            CycleError::DeadlinePassed { name, deadline } => {
                (t.err_deadline_passed)(name, &deadline.to_string())
            }
            CycleError::TooManyGraceDays(_) => (t.err_grace_days)(MAX_GRACE_DAYS),
            CycleError::NotOpenedYet { name, opens } => {
                (t.err_not_opened)(name, &opens.to_string())
            }
            CycleError::AlreadyClosed(name) => (t.err_already_closed)(name),
        }
    }
}

/// A cycle to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCycle {
    pub name: String,
    pub opens: Date,
    pub deadline: Date,
}

/// A change of a cycle's deadline and late completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineChange {
    pub deadline: Date,
    pub allow_late: bool,
    /// `None`: the configured `late_grace_days`.
    pub grace_days: Option<u32>,
}

/// Check a new cycle against the existing ones. `Ok(Some(c))`: the same cycle exists already
/// (same name and dates), so adding it again changes nothing; `Ok(None)`: it may be added.
pub fn check_new(
    new: &NewCycle,
    existing: &[CycleRecord],
) -> Result<Option<CycleRecord>, CycleError> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(CycleError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CycleError::NameTooLong);
    }
    if new.deadline < new.opens {
        return Err(CycleError::DeadlineBeforeOpening {
            opens: new.opens,
            deadline: new.deadline,
        });
    }
    match existing
        .iter()
        .find(|c| c.name.trim().to_lowercase() == name.to_lowercase())
    {
        Some(c) if c.name == name && c.opens == new.opens && c.deadline == new.deadline => {
            Ok(Some(c.clone()))
        }
        Some(c) => Err(CycleError::DuplicateName {
            name: c.name.clone(),
            opens: c.opens,
            deadline: c.deadline,
        }),
        None => Ok(None),
    }
}

/// The cycle after `change`, on `today`. A deadline that has passed cannot be moved (the
/// reports as of the deadline are fixed, see the module docs); late completion can.
pub fn check_change(
    cycle: &CycleRecord,
    change: &DeadlineChange,
    today: Date,
) -> Result<CycleRecord, CycleError> {
    if change.deadline != cycle.deadline {
        if today > cycle.deadline {
            return Err(CycleError::DeadlinePassed {
                name: cycle.name.clone(),
                deadline: cycle.deadline,
            });
        }
        if change.deadline < cycle.opens {
            return Err(CycleError::DeadlineBeforeOpening {
                opens: cycle.opens,
                deadline: change.deadline,
            });
        }
    }
    if let Some(days) = change.grace_days.filter(|&d| d > MAX_GRACE_DAYS) {
        return Err(CycleError::TooManyGraceDays(days));
    }
    Ok(CycleRecord {
        deadline: change.deadline,
        allow_late: change.allow_late,
        grace_days: change.grace_days,
        ..cycle.clone()
    })
}

/// The cycle closed on `today`: no test may be started or continued from today on. A deadline
/// still ahead becomes yesterday (the drill-down has not been shown yet, so its one version is
/// the one as of the new deadline); a deadline that has passed stays. Late starts end and the
/// grace period becomes 0 days.
pub fn closed_version(cycle: &CycleRecord, today: Date) -> Result<CycleRecord, CycleError> {
    if is_closed(cycle, today) {
        return Err(CycleError::AlreadyClosed(cycle.name.clone()));
    }
    let yesterday = today.yesterday().unwrap_or(today);
    let deadline = cycle.deadline.min(yesterday);
    if deadline < cycle.opens {
        return Err(CycleError::NotOpenedYet {
            name: cycle.name.clone(),
            opens: cycle.opens,
        });
    }
    Ok(CycleRecord {
        deadline,
        allow_late: false,
        grace_days: Some(0),
        ..cycle.clone()
    })
}

/// Whether nobody can start or continue a test of `cycle` any more, whatever the configured
/// grace period (a closed cycle has 0 grace days of its own).
pub fn is_closed(cycle: &CycleRecord, today: Date) -> bool {
    !cycle.allow_late && cycle.grace_days == Some(0) && today > cycle.deadline
}

/// Where a cycle stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CycleState {
    /// Opens later.
    NotOpen,
    /// Tests may be started.
    Open,
    /// Past the deadline, but late starts are allowed.
    Late,
    /// Past the deadline: started tests may be finished until this day.
    Grace(Date),
    /// Nothing can be started or continued.
    Closed,
}

/// `cycle`'s state on `today` with the configured default grace days.
pub fn state(cycle: &CycleRecord, today: Date, default_grace_days: u32) -> CycleState {
    if today < cycle.opens {
        CycleState::NotOpen
    } else if today <= cycle.deadline {
        CycleState::Open
    } else if may_start(cycle, today) {
        CycleState::Late
    } else if may_continue(cycle, today, default_grace_days) {
        let grace = i64::from(cycle.grace_days.unwrap_or(default_grace_days));
        CycleState::Grace(
            cycle
                .deadline
                .checked_add(jiff::Span::new().days(grace))
                .unwrap_or(cycle.deadline),
        )
    } else {
        CycleState::Closed
    }
}

/// One cycle as the admin page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleRow {
    pub cycle: CycleRecord,
    pub state: CycleState,
    /// Tests finished in the cycle.
    pub finished: usize,
    /// Tests started and not finished.
    pub unfinished: usize,
}

/// Who made a change: a signed-in administrator, or the CLI through the ops token.
#[derive(Debug, Clone)]
pub enum Actor {
    Admin(Principal),
    /// The ops token or the loopback rule (how, as the audit log shows it).
    Ops(String),
}

/// Cycle administration over the store, with the audit log.
#[derive(Debug, Clone)]
pub struct Cycles {
    store: Arc<Store>,
    late_grace_days: u32,
    /// The configured k, recorded in each new cycle ([`CycleRecord::min_people`]).
    report_min_people: usize,
}

impl Cycles {
    /// The cycles of `app` with its configured grace days and k.
    pub fn of(app: &App) -> Cycles {
        Cycles {
            store: app.store_handle(),
            late_grace_days: app.test_taking.late_grace_days,
            report_min_people: app.reports.min_people(),
        }
    }

    /// Over `store` directly (the CLI when no server runs).
    pub fn over(store: Arc<Store>, late_grace_days: u32, report_min_people: usize) -> Cycles {
        Cycles {
            store,
            late_grace_days,
            report_min_people,
        }
    }

    /// The store (for reading a cycle before a change).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The configured default grace days.
    pub fn late_grace_days(&self) -> u32 {
        self.late_grace_days
    }

    /// Every cycle with its state and completion counts, newest opening first.
    pub fn overview(&self, actor: &Actor, now: Timestamp) -> Result<Vec<CycleRow>, ServiceError> {
        authorise(actor)?;
        let day = today(now);
        let tests = self.store.tests()?;
        let mut rows: Vec<CycleRow> =
            self.store
                .cycles()?
                .into_iter()
                .map(|cycle| {
                    let (finished, unfinished) = tests
                        .iter()
                        .filter(|t| t.cycle_id == cycle.id)
                        .fold((0, 0), |(f, u), t| {
                            if t.finished.is_some() {
                                (f + 1, u)
                            } else {
                                (f, u + 1)
                            }
                        });
                    CycleRow {
                        state: state(&cycle, day, self.late_grace_days),
                        cycle,
                        finished,
                        unfinished,
                    }
                })
                .collect();
        rows.sort_by_key(|r| std::cmp::Reverse((r.cycle.opens, r.cycle.id)));
        Ok(rows)
    }

    /// Create a cycle (or find the identical one). The outer error is the store's or a
    /// refused actor; the inner one the rule that refused the cycle.
    pub fn add(
        &self,
        actor: &Actor,
        new: NewCycle,
        now: Timestamp,
    ) -> Result<Result<CycleRecord, CycleError>, ServiceError> {
        authorise(actor)?;
        let new = NewCycle {
            name: new.name.trim().to_string(),
            ..new
        };
        let mut same = None;
        let outcome = self.store.change_cycles(|existing| {
            same = check_new(&new, existing)?;
            Ok(same.is_none().then(|| CycleRecord {
                id: 0,
                name: new.name.clone(),
                opens: new.opens,
                deadline: new.deadline,
                allow_late: false,
                grace_days: None,
                min_people: Some(self.report_min_people),
            }))
        })?;
        match outcome {
            Ok(Some(cycle)) => {
                self.audit(
                    actor,
                    "/admin/sykluser/ny",
                    &cycle,
                    format!("opprettet {} – {}", cycle.opens, cycle.deadline),
                    now,
                )?;
                Ok(Ok(cycle))
            }
            Ok(None) => Ok(Ok(same.expect("an identical cycle exists"))),
            Err(e) => Ok(Err(e)),
        }
    }

    /// Change the deadline and late completion of the cycle named `name`.
    pub fn change(
        &self,
        actor: &Actor,
        name: &str,
        change: DeadlineChange,
        now: Timestamp,
    ) -> Result<Result<CycleRecord, CycleError>, ServiceError> {
        authorise(actor)?;
        let day = today(now);
        let mut before = None;
        let outcome = self.store.change_cycles(|existing| {
            let cycle = find(existing, name)?;
            before = Some(cycle.clone());
            Ok(Some(check_change(cycle, &change, day)?))
        })?;
        match (outcome, before) {
            (Ok(Some(cycle)), Some(before)) => {
                self.audit(
                    actor,
                    "/admin/sykluser/frist",
                    &cycle,
                    format!("{} → {}", describe(&before), describe(&cycle)),
                    now,
                )?;
                Ok(Ok(cycle))
            }
            (Err(e), _) => Ok(Err(e)),
            _ => Err(ServiceError::Internal(
                "the cycle change stored nothing".into(),
            )),
        }
    }

    /// Close the cycle named `name` ([`closed_version`]).
    pub fn close(
        &self,
        actor: &Actor,
        name: &str,
        now: Timestamp,
    ) -> Result<Result<CycleRecord, CycleError>, ServiceError> {
        authorise(actor)?;
        let day = today(now);
        let mut before = None;
        let outcome = self.store.change_cycles(|existing| {
            let cycle = find(existing, name)?;
            before = Some(cycle.clone());
            Ok(Some(closed_version(cycle, day)?))
        })?;
        match (outcome, before) {
            (Ok(Some(cycle)), Some(before)) => {
                self.audit(
                    actor,
                    "/admin/sykluser/lukk",
                    &cycle,
                    format!("lukket: {} → {}", describe(&before), describe(&cycle)),
                    now,
                )?;
                Ok(Ok(cycle))
            }
            (Err(e), _) => Ok(Err(e)),
            _ => Err(ServiceError::Internal("closing stored nothing".into())),
        }
    }

    /// The audit entry of a change: the route of the action, the cycle, and what changed (in
    /// the entry's `topic` field, which the audit page and CSV show).
    fn audit(
        &self,
        actor: &Actor,
        route: &str,
        cycle: &CycleRecord,
        what: String,
        now: Timestamp,
    ) -> Result<(), ServiceError> {
        let (user_id, employee_id, format) = match actor {
            Actor::Admin(p) => (p.user.id, p.user.employee_id.clone(), "html"),
            Actor::Ops(how) => (0, how.clone(), "ops"),
        };
        self.store.append_audit(&AuditRecord {
            id: 0,
            at: now,
            user_id,
            employee_id,
            role: Role::Admin,
            route: route.to_string(),
            cycle_id: Some(cycle.id),
            level: None,
            topic: Some(format!("«{}» {what}", cycle.name)),
            department: None,
            format: format.to_string(),
        })?;
        Ok(())
    }
}

/// `id<TAB>name<TAB>opens<TAB>deadline`, as `forvalt cycles list` prints a cycle.
pub fn list_line(c: &CycleRecord) -> String {
    format!("{}\t{}\t{}\t{}", c.id, c.name, c.opens, c.deadline)
}

/// `cycle 3: "Høst" 2026-09-01 – 2026-09-30, late start refused, grace 7 days`, as the CLI
/// reports a cycle it created or changed.
pub fn describe_line(c: &CycleRecord) -> String {
    format!(
        "cycle {}: \"{}\" {} – {}, late start {}, grace {}",
        c.id,
        c.name,
        c.opens,
        c.deadline,
        if c.allow_late { "allowed" } else { "refused" },
        c.grace_days
            .map(|d| format!("{d} days"))
            .unwrap_or_else(|| "from late_grace_days".to_string())
    )
}

fn authorise(actor: &Actor) -> Result<(), ServiceError> {
    match actor {
        Actor::Admin(p) if p.user.role == Role::Admin => Ok(()),
        Actor::Admin(_) => Err(ServiceError::Forbidden),
        Actor::Ops(_) => Ok(()),
    }
}

fn find<'a>(existing: &'a [CycleRecord], name: &str) -> Result<&'a CycleRecord, CycleError> {
    let name = name.trim();
    existing
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| CycleError::NoSuchCycle(name.to_string()))
}

/// `2026-03-01 – 2026-03-31, sent start nei, frist for å fullføre 7 dager` for the audit log.
fn describe(c: &CycleRecord) -> String {
    format!(
        "{} – {}, sen start {}, ekstra dager {}",
        c.opens,
        c.deadline,
        if c.allow_late { "ja" } else { "nei" },
        c.grace_days
            .map(|d| d.to_string())
            .unwrap_or_else(|| "standard".to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cycle(opens: Date, deadline: Date) -> CycleRecord {
        CycleRecord {
            id: 1,
            name: "Vår".into(),
            opens,
            deadline,
            allow_late: false,
            grace_days: None,
            min_people: None,
        }
    }

    #[test]
    fn a_new_cycle_needs_a_name_ordered_dates_and_a_free_name() {
        let existing = [cycle(date(2026, 3, 1), date(2026, 3, 31))];
        let new = |name: &str, opens, deadline| NewCycle {
            name: name.into(),
            opens,
            deadline,
        };
        let d = date(2026, 9, 1);
        assert_eq!(
            check_new(&new("  ", d, d), &existing),
            Err(CycleError::EmptyName)
        );
        assert!(matches!(
            check_new(&new("Høst", d, date(2026, 8, 31)), &existing),
            Err(CycleError::DeadlineBeforeOpening { .. })
        ));
        assert!(matches!(
            check_new(&new("vår", d, d), &existing),
            Err(CycleError::DuplicateName { .. })
        ));
        assert_eq!(
            check_new(&new("Vår", date(2026, 3, 1), date(2026, 3, 31)), &existing),
            Ok(Some(existing[0].clone())),
            "adding the same cycle twice is idempotent"
        );
        assert_eq!(check_new(&new("Høst", d, d), &existing), Ok(None));
        assert_eq!(
            check_new(&new(&"x".repeat(101), d, d), &existing),
            Err(CycleError::NameTooLong)
        );
    }

    #[test]
    fn a_passed_deadline_cannot_move_but_late_completion_can_change() {
        let c = cycle(date(2026, 3, 1), date(2026, 3, 31));
        let change = |deadline, allow_late| DeadlineChange {
            deadline,
            allow_late,
            grace_days: None,
        };
        let later = change(date(2026, 4, 15), false);
        assert!(check_change(&c, &later, date(2026, 3, 31)).is_ok());
        assert!(matches!(
            check_change(&c, &later, date(2026, 4, 1)),
            Err(CycleError::DeadlinePassed { .. })
        ));
        let late = check_change(&c, &change(c.deadline, true), date(2026, 5, 1)).unwrap();
        assert!(late.allow_late && late.deadline == c.deadline);
        assert!(matches!(
            check_change(&c, &change(date(2026, 2, 1), false), date(2026, 3, 2)),
            Err(CycleError::DeadlineBeforeOpening { .. })
        ));
        let too_long = DeadlineChange {
            grace_days: Some(400),
            ..change(c.deadline, false)
        };
        assert_eq!(
            check_change(&c, &too_long, date(2026, 3, 2)),
            Err(CycleError::TooManyGraceDays(400))
        );
    }

    #[test]
    fn closing_ends_starts_and_grace_and_keeps_a_passed_deadline() {
        let c = cycle(date(2026, 3, 1), date(2026, 3, 31));
        let early = closed_version(&c, date(2026, 3, 10)).unwrap();
        assert_eq!(early.deadline, date(2026, 3, 9));
        assert!(is_closed(&early, date(2026, 3, 10)));
        assert_eq!(state(&early, date(2026, 3, 10), 7), CycleState::Closed);
        let after = closed_version(&c, date(2026, 4, 3)).unwrap();
        assert_eq!(after.deadline, c.deadline, "a passed deadline stays");
        assert_eq!(
            closed_version(&after, date(2026, 4, 3)),
            Err(CycleError::AlreadyClosed("Vår".into()))
        );
        assert!(matches!(
            closed_version(&c, date(2026, 3, 1)),
            Err(CycleError::NotOpenedYet { .. })
        ));
        assert_eq!(
            state(&c, date(2026, 4, 3), 7),
            CycleState::Grace(date(2026, 4, 7))
        );
    }
}

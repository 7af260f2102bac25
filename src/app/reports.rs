//! HR reports of a cycle: the topic report per department (built on [`crate::report`]), the
//! completion status per department, and the follow-up plan. No HTTP here.
//!
//! What goes into the topic report: the answers of *completed* tests of the cycle (a test still
//! running would change the figures from one day to the next), scored answers only (the item is
//! in the bank as active or retired, not draft or pretest), each with the parameters of the item
//! version answered. The bank holds the parameters of an item's current version; an answer to an
//! older version (the text was edited since) has no calibrated parameters and is left out. A test
//! counts in the department its caseworker belonged to when it started (`TestRecord::department`),
//! so a cycle's report stays the same when people move later; completion, which is about who must
//! still take the test, uses the current department.
//!
//! Privacy: everything returned by [`Reports::topic_report`] is at group level, with cells of fewer
//! than [`super::Config::report_min_people`] people suppressed by the report core. Completion
//! carries names (leaders must follow up who has not taken the test) but no answers or scores.
//!
//! Publication: no figure here is computed from all completed tests, only from the *published*
//! ones ([`report::publish`]): completions enter the reports in batches that add 0 or at least k
//! people to every department (at every level, the organisation included) × topic, so two
//! versions of any figure — cells, parent totals, trends, the plan, the exports, the counts of
//! people and answers shown with them — never differ by fewer than k people. [`View`] is the one
//! place that hands tests to the report code, and it hands out published tests only. The
//! drill-down's item rows come from one fixed set, the tests published as of the cycle's deadline,
//! and are shown only once the deadline is past, so there is exactly one version of them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use std::sync::Arc;

use super::test_taking::today;
use super::{CycleStatus, Principal, ServiceError};
use crate::engine::Engine;
use crate::report::{self, Cell, Report, ResponsesBuilder, Trend};
use crate::store::{
    CycleId, CycleRecord, ReportSnapshot, ResponseRecord, Role, Store, TestRecord, UserRecord,
};
use crate::text::Form;

/// A topic as reports name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTopic {
    pub id: String,
    pub name: String,
    pub reflection: Vec<String>,
}

/// The topic report of one cycle at one level of the department tree.
#[derive(Debug, Clone)]
pub struct TopicReport {
    pub cycle: CycleRecord,
    /// In bank order; cell `t` of every row is topic `t`.
    pub topics: Vec<ReportTopic>,
    pub report: Report,
    /// The previous cycle (the latest opening before this one) and the change of every cell
    /// shown in both: `(department path, topic index, trend)`.
    pub previous: Option<Previous>,
    /// Answers left out because their item version has no parameters in the bank.
    pub skipped_answers: usize,
}

impl TopicReport {
    /// The change of one cell since the previous cycle, if both are shown.
    pub fn trend(&self, path: &str, topic: usize) -> Option<&Trend> {
        let (_, trends) = self.previous.as_ref()?;
        trends
            .iter()
            .find(|(p, t, _)| p == path && *t == topic)
            .map(|(_, _, trend)| trend)
    }
}

/// The previous cycle and the change of every cell shown in both cycles:
/// `(department path, topic index, trend)`.
pub type Previous = (CycleRecord, Vec<(String, usize, Trend)>);

/// Completion counts of one department at the chosen level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CompletionRow {
    pub department: String,
    pub due: usize,
    pub in_progress: usize,
    pub completed: usize,
    pub overdue: usize,
    /// The cycle has not opened yet.
    pub upcoming: usize,
    pub total: usize,
}

/// One caseworker's status in the cycle: no answers, no scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletionPerson {
    pub department: String,
    pub employee_id: String,
    pub name: String,
    pub status: &'static str,
}

#[derive(Debug, Clone)]
pub struct Completion {
    pub cycle: CycleRecord,
    pub level: usize,
    pub rows: Vec<CompletionRow>,
    /// Sorted by department, then name.
    pub people: Vec<CompletionPerson>,
}

/// One topic of a department's follow-up plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanTopic {
    pub topic: usize,
    /// The relative effect δ (logits): the topic against the department's own level.
    pub relative: f64,
    pub low: f64,
    pub high: f64,
    pub weak: bool,
    pub band: report::Band,
    pub share_own_level: f64,
    pub share_topic: f64,
}

/// The follow-up plan of one department: its weakest topics by the relative statistic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub department: String,
    pub topics: Vec<PlanTopic>,
    /// Topics whose cell is suppressed (too few people): not ranked.
    pub suppressed: usize,
}

/// Topics in a plan: the two weakest, and a third when it is flagged weak.
const PLAN_TOPICS: usize = 2;

/// What HR does: the topic report with trends, the drill-down into a topic, completion and the
/// follow-up plan. Every view of a report is written to the audit log ([`Reports::record_report_access`]).
#[derive(Debug)]
pub struct Reports {
    pub(super) store: Arc<Store>,
    pub(super) engine: Arc<Engine>,
    /// A department × topic cell with fewer distinct caseworkers is suppressed (k).
    report_min_people: usize,
    /// The form of viewers who chose none ([`Reports::with_default_form`]).
    default_form: Form,
    /// False discovery rates of the relative and the absolute weak flags
    /// ([`Reports::with_false_discovery_rates`]).
    fdr: f64,
    absolute_fdr: f64,
}

impl Reports {
    pub fn new(store: Arc<Store>, engine: Arc<Engine>, report_min_people: usize) -> Reports {
        Reports {
            store,
            engine,
            report_min_people,
            default_form: Form::Nb,
            fdr: report::Config::default().fdr,
            absolute_fdr: report::Config::default().absolute_fdr,
        }
    }

    /// The installation's operating point of the weak flags (`report_fdr`,
    /// `report_absolute_fdr`); the defaults are the report core's.
    pub fn with_false_discovery_rates(self, fdr: f64, absolute_fdr: f64) -> Reports {
        Reports {
            fdr,
            absolute_fdr,
            ..self
        }
    }

    /// The configured k: the one new cycles record.
    pub fn min_people(&self) -> usize {
        self.report_min_people
    }

    /// k for `cycle`'s reports: the one recorded when it was created, so a change of the
    /// configuration never re-publishes a running cycle with another k.
    fn k(&self, cycle: &CycleRecord) -> usize {
        cycle.min_people.unwrap_or(self.report_min_people)
    }

    /// The installation's language for viewers who chose no målform (Danish in a Danish
    /// installation).
    pub fn with_default_form(self, default_form: Form) -> Reports {
        Reports {
            default_form,
            ..self
        }
    }

    /// The written form `user` reads reports in: topic names and reflection questions come
    /// in it (nynorsk where the bank has them).
    fn form_of(&self, user: &UserRecord) -> Form {
        user.malform.resolve(self.default_form)
    }

    fn bank(&self) -> &crate::bank::ItemBank {
        self.engine.bank()
    }

    /// Everything the `/hr` page shows — the choices, the topic report with trends and the
    /// completion — from one snapshot of the store.
    pub fn page(
        &self,
        principal: &Principal,
        request: ViewRequest,
        now: Timestamp,
    ) -> Result<HrPage, ServiceError> {
        let view = self.view(principal, request)?;
        let (report, completion) = match &view.selection.cycle {
            Some(cycle) => (
                Some(self.topic_report_of(&view, cycle)?),
                Some(completion_of(
                    &view.snapshot,
                    cycle,
                    view.selection.level,
                    now,
                )),
            ),
            None => (None, None),
        };
        Ok(HrPage {
            selection: view.selection,
            report,
            completion,
        })
    }

    /// The topic report of the requested cycle (404 when there is none), from one snapshot.
    pub fn report_view(
        &self,
        principal: &Principal,
        request: ViewRequest,
    ) -> Result<(Selection, TopicReport), ServiceError> {
        let view = self.view(principal, request)?;
        let cycle = view.selection.cycle.clone().ok_or(ServiceError::NotFound)?;
        let report = self.topic_report_of(&view, &cycle)?;
        Ok((view.selection, report))
    }

    /// The completion of the requested cycle (404 when there is none), from one snapshot.
    pub fn completion_view(
        &self,
        principal: &Principal,
        request: ViewRequest,
        now: Timestamp,
    ) -> Result<(Selection, Completion), ServiceError> {
        let view = self.view(principal, request)?;
        let cycle = view.selection.cycle.clone().ok_or(ServiceError::NotFound)?;
        let completion = completion_of(&view.snapshot, &cycle, view.selection.level, now);
        Ok((view.selection, completion))
    }

    /// The topic report of a cycle at department level `level` (1 = the first path segment),
    /// with trends against the previous cycle.
    pub fn topic_report(
        &self,
        principal: &Principal,
        cycle_id: CycleId,
        level: usize,
    ) -> Result<TopicReport, ServiceError> {
        Ok(self
            .report_view(principal, ViewRequest::of(cycle_id, level))?
            .1)
    }

    /// Who in which department has done what in a cycle, at department level `level`.
    pub fn completion(
        &self,
        principal: &Principal,
        cycle_id: CycleId,
        level: usize,
        now: Timestamp,
    ) -> Result<Completion, ServiceError> {
        Ok(self
            .completion_view(principal, ViewRequest::of(cycle_id, level), now)?
            .1)
    }

    /// Check the role, read one snapshot (the requested cycle's and its previous cycle's
    /// tests and answers), and resolve the cycle and the level. An unknown cycle is 404; a
    /// level outside `1..=max_level` is invalid.
    fn view(&self, principal: &Principal, request: ViewRequest) -> Result<View, ServiceError> {
        principal.require(Role::Hr)?;
        self.view_of(request, self.form_of(&principal.user))
    }

    /// The topic report of one unit (a department subtree) for its leader (issue 15): the
    /// report HR sees at the unit's level, narrowed to the unit's own row and trends — the same
    /// figures and the same suppression, so a leader learns nothing about the unit that HR's
    /// view does not show. The caller checks that the principal leads `unit`.
    pub fn unit_report(
        &self,
        leader: &UserRecord,
        unit: &str,
        cycle: Option<CycleId>,
    ) -> Result<TopicReport, ServiceError> {
        let view = self.view_of(
            ViewRequest {
                cycle,
                level: Some(depth(unit)),
            },
            self.form_of(leader),
        )?;
        let chosen = view.selection.cycle.clone().ok_or(ServiceError::NotFound)?;
        let mut report = self.topic_report_of(&view, &chosen)?;
        report.report.groups.retain(|g| g.path == unit);
        if let Some((_, trends)) = &mut report.previous {
            trends.retain(|(path, _, _)| path == unit);
        }
        Ok(report)
    }

    /// The published tests of one cycle (or of every cycle) with their answers, read from one
    /// snapshot: what the author statistics and the author area's calibration are computed
    /// from, so that they follow the same publication rule as every HR figure (no role check;
    /// the caller checks).
    pub(super) fn published_answers(
        &self,
        cycle: Option<CycleId>,
    ) -> Result<Published, ServiceError> {
        let snapshot = self.store.report_snapshot(|cycles| {
            cycles
                .iter()
                .map(|c| c.id)
                .filter(|&id| cycle.is_none_or(|wanted| CycleId(id) == wanted))
                .collect()
        })?;
        let users = snapshot.users.iter().map(|u| (u.id, u.clone())).collect();
        let publication = self.publication(&snapshot, &users);
        let k = snapshot
            .cycles
            .iter()
            .filter(|c| cycle.is_none_or(|wanted| CycleId(c.id) == wanted))
            .map(|c| self.k(c))
            .max()
            .unwrap_or(self.report_min_people);
        let ReportSnapshot {
            tests, mut answers, ..
        } = snapshot;
        let tests = tests
            .into_iter()
            .filter(|t| {
                publication
                    .get(&t.cycle_id)
                    .is_some_and(|p| p.version.contains_key(&t.id))
            })
            .filter_map(|t| {
                let answers = answers.remove(&t.id)?;
                Some((t, answers))
            })
            .collect();
        Ok(Published { tests, k })
    }

    /// Read one snapshot and resolve the cycle and level of a view (no role check).
    fn view_of(&self, request: ViewRequest, form: Form) -> Result<View, ServiceError> {
        let snapshot = self.store.report_snapshot(|cycles| {
            let Some(cycle) = chosen_cycle(cycles, request.cycle) else {
                return Vec::new();
            };
            let previous = previous_cycle(cycles, cycle).map(|p| p.id);
            std::iter::once(cycle.id).chain(previous).collect()
        })?;
        let mut cycles = snapshot.cycles.clone();
        cycles.sort_by(|a, b| b.opens.cmp(&a.opens).then(b.id.cmp(&a.id)));
        let cycle = match request.cycle {
            Some(_) => Some(
                chosen_cycle(&snapshot.cycles, request.cycle)
                    .cloned()
                    .ok_or(ServiceError::NotFound)?,
            ),
            None => cycles.first().cloned(),
        };
        let max_level = snapshot
            .departments
            .iter()
            .map(|d| depth(&d.path))
            .max()
            .unwrap_or(1)
            .max(1);
        let level = request.level.unwrap_or(2.min(max_level));
        if level == 0 || level > max_level {
            return Err(super::Refusal::NoSuchLevel {
                level,
                max: max_level,
            }
            .into());
        }
        let users = snapshot.users.iter().map(|u| (u.id, u.clone())).collect();
        let publication = self.publication(&snapshot, &users);
        Ok(View {
            selection: Selection {
                cycles,
                cycle,
                level,
                max_level,
            },
            users,
            snapshot,
            publication,
            form,
        })
    }

    /// Replay the publication rule over each cycle's completions in the snapshot, in the order
    /// they happened (finished at, then test id). A test's topics are those of its non-pretest
    /// answers, looked up by item id whatever the item's status or version now, so editing an
    /// item does not change which tests were published in the past.
    fn publication(
        &self,
        snapshot: &ReportSnapshot,
        users: &HashMap<u64, UserRecord>,
    ) -> HashMap<u64, Publication> {
        let bank = self.bank();
        let mut by_cycle: HashMap<u64, Vec<Finished>> = HashMap::new();
        for test in &snapshot.tests {
            let (Some(_), Some(answers)) = (&test.finished, snapshot.answers.get(&test.id)) else {
                continue;
            };
            let Some(department) = department_of(test, users) else {
                continue;
            };
            let mut topics: Vec<usize> = answers
                .iter()
                .filter(|a| !a.pretest)
                .filter_map(|a| Some(bank.item(&a.item_id)?.topic))
                .collect();
            topics.sort_unstable();
            topics.dedup();
            // The report's department tree ignores blank segments and surrounding spaces.
            let department = at_level(&department, usize::MAX);
            by_cycle.entry(test.cycle_id).or_default().push(Finished {
                test,
                department,
                topics,
            });
        }
        let cycles: HashMap<u64, &CycleRecord> =
            snapshot.cycles.iter().map(|c| (c.id, c)).collect();
        by_cycle
            .into_iter()
            .map(|(cycle_id, mut completions)| {
                completions.sort_by_key(|c| (c.test.finished.as_ref().map(|f| f.at), c.test.id));
                let input: Vec<report::publish::Completed> = completions
                    .iter()
                    .map(|c| report::publish::Completed {
                        department: &c.department,
                        topics: &c.topics,
                    })
                    .collect();
                let cycle = cycles.get(&cycle_id);
                let k = cycle.map_or(self.report_min_people, |c| self.k(c));
                let published = report::publish::published_at(&input, k);
                let by_deadline = cycle.map_or(0, |cycle| {
                    let deadline = cycle.deadline;
                    completions
                        .iter()
                        .take_while(|c| {
                            c.test
                                .finished
                                .as_ref()
                                .is_some_and(|f| today(f.at) <= deadline)
                        })
                        .count()
                });
                let version = completions
                    .iter()
                    .zip(published)
                    .filter_map(|(c, p)| Some((c.test.id, p?)))
                    .collect();
                (
                    cycle_id,
                    Publication {
                        version,
                        by_deadline,
                    },
                )
            })
            .collect()
    }

    fn topic_report_of(
        &self,
        view: &View,
        cycle: &CycleRecord,
    ) -> Result<TopicReport, ServiceError> {
        let level = view.selection.level;
        let (report, skipped_answers) = self.cycle_report(view, cycle, Version::Latest, level)?;
        let previous = match previous_cycle(&view.snapshot.cycles, cycle) {
            Some(p) => {
                let (before, _) = self.cycle_report(view, p, Version::Latest, level)?;
                Some((p.clone(), report.trends(&before)))
            }
            None => None,
        };
        Ok(TopicReport {
            cycle: cycle.clone(),
            topics: self.report_topics(view.form),
            report,
            previous,
            skipped_answers,
        })
    }

    /// The bank's topics with their names and reflection questions in `form`.
    fn report_topics(&self, form: Form) -> Vec<ReportTopic> {
        self.bank()
            .topics
            .iter()
            .map(|t| {
                let text = t.text(form);
                ReportTopic {
                    id: t.id.clone(),
                    name: text.name.to_string(),
                    reflection: text.reflection.to_vec(),
                }
            })
            .collect()
    }

    /// The report of one cycle, and the number of answers left out (no parameters).
    fn cycle_report(
        &self,
        view: &View,
        cycle: &CycleRecord,
        version: Version,
        level: usize,
    ) -> Result<(Report, usize), ServiceError> {
        let (responses, skipped) = self.cycle_responses(view, cycle, version)?;
        Ok((
            report::report(&responses, &self.report_config(cycle, level)),
            skipped,
        ))
    }

    fn report_config(&self, cycle: &CycleRecord, level: usize) -> report::Config {
        report::Config {
            level,
            min_people: self.k(cycle),
            fdr: self.fdr,
            absolute_fdr: self.absolute_fdr,
            ..report::Config::default()
        }
    }

    /// The scored answers of a cycle's published tests (as of `version`), and the number left
    /// out (their item is no longer in the bank).
    fn cycle_responses(
        &self,
        view: &View,
        cycle: &CycleRecord,
        version: Version,
    ) -> Result<(report::Responses, usize), ServiceError> {
        let bank = self.bank();
        let mut builder = ResponsesBuilder::new(bank.topics.len());
        let mut skipped = 0;
        for (test, answers) in view.published_tests(cycle, version) {
            let Some(department) = department_of(test, &view.users) else {
                continue;
            };
            // Pretest answers never count in a report, even once the item is active. Every
            // other answer counts whatever its item's status or version is now (scored as it
            // was when given, with the item's current parameters): a published test's
            // contribution must not change when an author edits, retires or sends back to
            // draft an item that only a few people answered, or HR could subtract the two
            // versions of the report and read those people's answers.
            for answer in answers.iter().filter(|a| !a.pretest) {
                let Some(item) = bank.item(&answer.item_id) else {
                    skipped += 1;
                    continue;
                };
                builder
                    .add(
                        &test.id.to_string(),
                        &department,
                        item.topic,
                        item.params,
                        answer.correct,
                    )
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
            }
        }
        Ok((builder.finish(), skipped))
    }
}

/// Which cycle and level an HR view is about; `None` takes the default (the newest cycle;
/// level 2, or the deepest level if the tree is shallower).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewRequest {
    pub cycle: Option<CycleId>,
    pub level: Option<usize>,
}

impl ViewRequest {
    pub fn of(cycle_id: CycleId, level: usize) -> ViewRequest {
        ViewRequest {
            cycle: Some(cycle_id),
            level: Some(level),
        }
    }
}

/// The cycle and level a view is about, with the choices offered.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Newest first.
    pub cycles: Vec<CycleRecord>,
    /// `None` when there is no cycle at all.
    pub cycle: Option<CycleRecord>,
    pub level: usize,
    pub max_level: usize,
}

/// Everything the `/hr` page shows.
#[derive(Debug, Clone)]
pub struct HrPage {
    pub selection: Selection,
    pub report: Option<TopicReport>,
    pub completion: Option<Completion>,
}

/// One snapshot and what was resolved from it.
struct View {
    selection: Selection,
    users: HashMap<u64, UserRecord>,
    snapshot: ReportSnapshot,
    /// Per cycle id: which finished tests are published.
    publication: HashMap<u64, Publication>,
    /// The viewer's written form, for topic names and reflection questions.
    form: Form,
}

/// Which of a cycle's finished tests are published, and when ([`report::publish`]).
#[derive(Debug, Default)]
struct Publication {
    /// Published test id → the index, in completion order, of the completion that published it.
    version: HashMap<u64, usize>,
    /// The number of completions on or before the cycle's deadline: the version as of the
    /// deadline holds the tests published at an index below this.
    by_deadline: usize,
}

/// A finished test as the publication rule sees it: its department (normalised as the report's
/// tree does) and the topics it has non-pretest answers in.
struct Finished<'a> {
    test: &'a TestRecord,
    department: String,
    topics: Vec<usize>,
}

/// The published tests of a scope with their answers ([`Reports::published_answers`]), and the
/// k they were published with (the largest of the scope's cycles).
pub(super) struct Published {
    pub tests: Vec<(TestRecord, Vec<ResponseRecord>)>,
    pub k: usize,
}

/// Which version of a cycle's published set a figure is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// Everything published so far (the report, trends, plan, exports).
    Latest,
    /// The tests published as of the cycle's deadline: fixed once the deadline is past (the
    /// drill-down's item rows).
    Deadline,
}

impl View {
    /// The published tests of `cycle` (as of `version`) with their answers: the only way report
    /// code gets at tests, so no view can include a test that is not published.
    fn published_tests<'a>(
        &'a self,
        cycle: &'a CycleRecord,
        version: Version,
    ) -> impl Iterator<Item = (&'a TestRecord, &'a [ResponseRecord])> + 'a {
        let publication = self.publication.get(&cycle.id);
        self.snapshot
            .tests
            .iter()
            .filter(move |t| t.cycle_id == cycle.id)
            .filter(move |t| {
                let at = publication.and_then(|p| p.version.get(&t.id).map(|&v| (p, v)));
                match (version, at) {
                    (_, None) => false,
                    (Version::Latest, Some(_)) => true,
                    (Version::Deadline, Some((p, v))) => v < p.by_deadline,
                }
            })
            .filter_map(|t| Some((t, self.snapshot.answers.get(&t.id)?.as_slice())))
    }
}

/// The cycle asked for, or the newest (by opening date, then id).
fn chosen_cycle(cycles: &[CycleRecord], id: Option<CycleId>) -> Option<&CycleRecord> {
    match id {
        Some(id) => cycles.iter().find(|c| CycleId(c.id) == id),
        None => cycles.iter().max_by_key(|c| (c.opens, c.id)),
    }
}

/// The previous cycle: the latest opening before `cycle`.
fn previous_cycle<'a>(cycles: &'a [CycleRecord], cycle: &CycleRecord) -> Option<&'a CycleRecord> {
    cycles
        .iter()
        .filter(|c| c.opens < cycle.opens)
        .max_by_key(|c| (c.opens, c.id))
}

/// Who in which department has done what in `cycle`, at department level `level`.
fn completion_of(
    snapshot: &ReportSnapshot,
    cycle: &CycleRecord,
    level: usize,
    now: Timestamp,
) -> Completion {
    let today = today(now);
    let tests: HashMap<u64, &TestRecord> = snapshot
        .tests
        .iter()
        .filter(|t| t.cycle_id == cycle.id)
        .map(|t| (t.user_id, t))
        .collect();
    let mut rows: Vec<CompletionRow> = Vec::new();
    let mut people = Vec::new();
    let users: HashMap<u64, UserRecord> =
        snapshot.users.iter().map(|u| (u.id, u.clone())).collect();
    for user in &snapshot.users {
        if user.role != Role::Caseworker {
            continue;
        }
        let test = tests.get(&user.id).copied();
        // Someone who has left is nobody to follow up: counted only where they took part.
        if !user.is_active() && test.is_none() {
            continue;
        }
        let status = CycleStatus::of(cycle, test, today);
        // A test counts where it was taken (as in the reports), so a move does not carry
        // a finished test to the new unit; someone without a test counts where they are now.
        let home = test
            .and_then(|t| department_of(t, &users))
            .unwrap_or_else(|| user.department.clone());
        let department = at_level(&home, level);
        let row = match rows.iter_mut().position(|r| r.department == department) {
            Some(ix) => &mut rows[ix],
            None => {
                rows.push(CompletionRow {
                    department: department.clone(),
                    ..CompletionRow::default()
                });
                rows.last_mut().expect("just pushed")
            }
        };
        row.total += 1;
        match status {
            CycleStatus::Due => row.due += 1,
            CycleStatus::InProgress => row.in_progress += 1,
            CycleStatus::Completed => row.completed += 1,
            CycleStatus::Overdue => row.overdue += 1,
            CycleStatus::Upcoming => row.upcoming += 1,
        }
        people.push(CompletionPerson {
            department: home.clone(),
            employee_id: user.employee_id.clone(),
            name: user.name.clone(),
            status: status.as_str(),
        });
    }
    rows.sort_by(|a, b| a.department.cmp(&b.department));
    people.sort_by(|a, b| {
        (&a.department, &a.name, &a.employee_id).cmp(&(&b.department, &b.name, &b.employee_id))
    });
    Completion {
        cycle: cycle.clone(),
        level,
        rows,
        people,
    }
}

/// The department a test counts in: the one stored on the test when it started (also kept when
/// retention removes the link to the user), else — for tests written before tests stored it —
/// the person's current department. A person is one test in a cycle, so reports key people by
/// test id and stay the same after retention.
fn department_of(test: &TestRecord, users: &HashMap<u64, UserRecord>) -> Option<String> {
    test.department
        .clone()
        .or_else(|| users.get(&test.user_id).map(|u| u.department.clone()))
}

/// The follow-up plan: for each department, its weakest topics by the relative statistic (the
/// topic against the department's own level, so a department weak overall is not told that
/// every topic needs work). Only topics below the department's own level are listed.
pub fn follow_up_plan(report: &Report) -> Vec<PlanRow> {
    report
        .groups
        .iter()
        .map(|row| {
            let mut ranked: Vec<PlanTopic> = row
                .cells
                .iter()
                .enumerate()
                .filter_map(|(topic, cell)| {
                    let stats = cell.stats()?;
                    let r = &stats.relative;
                    (r.difference < 0.0).then_some(PlanTopic {
                        topic,
                        relative: r.difference,
                        low: r.interval.low,
                        high: r.interval.high,
                        weak: r.weak,
                        band: r.band,
                        share_own_level: stats.share_own_level,
                        share_topic: stats.share_topic,
                    })
                })
                .collect();
            ranked.sort_by(|a, b| a.relative.total_cmp(&b.relative));
            let keep = if ranked.get(PLAN_TOPICS).is_some_and(|t| t.weak) {
                PLAN_TOPICS + 1
            } else {
                PLAN_TOPICS
            };
            ranked.truncate(keep);
            PlanRow {
                department: row.path.clone(),
                topics: ranked,
                suppressed: row
                    .cells
                    .iter()
                    .filter(|c| matches!(c, Cell::Suppressed))
                    .count(),
            }
        })
        .collect()
}

/// The path of `department` cut to `level` segments (a department above the level stays whole).
pub fn at_level(department: &str, level: usize) -> String {
    department
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(level)
        .collect::<Vec<_>>()
        .join("/")
}

fn depth(path: &str) -> usize {
    path.split('/').filter(|s| !s.trim().is_empty()).count()
}

/// One row of a topic drill-down: a law section, a kind of case (tag) or an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillRow {
    /// `"section"`, `"tag"` or `"item"`.
    pub kind: &'static str,
    /// The section (`forvaltningsloven § 11`), the tag, or the item id.
    pub key: String,
    /// The start of the stem, for items that are not secret.
    pub stem_start: Option<String>,
    /// Shown item rows summed in this row (1 for an item row).
    pub items: usize,
    pub answers: usize,
    pub people: usize,
    pub share_correct: f64,
    /// Observed minus expected correct answers, expected from each person's overall ability.
    pub observed_minus_expected: f64,
}

/// Which law sections, kinds of case and items drive the misses in one topic for one department.
#[derive(Debug, Clone)]
pub struct Drill {
    pub cycle: CycleRecord,
    pub level: usize,
    pub department: String,
    pub topic: ReportTopic,
    pub min_people: usize,
    /// `true` until the cycle's deadline is past: item rows come from the tests published as of
    /// the deadline only (one version ever), so before it `shown` is `false` and `rows` empty.
    pub waiting_for_deadline: bool,
    /// The last day of the cycle; the rows can be shown from the day after.
    pub deadline: Date,
    /// `false`: the report's cell is suppressed (fewer than k people, or complementary
    /// suppression), or the deadline is not past; `rows` is then empty.
    pub shown: bool,
    /// Item rows that may be shown, and section and tag rows summed from them; worst (most
    /// negative observed − expected) first.
    pub rows: Vec<DrillRow>,
    /// Items answered in the department whose rows are hidden (fewer than k people, or they
    /// could be worked out from other figures).
    pub suppressed: usize,
}

const STEM_START: usize = 60;

/// Answers, people, right answers and expected right answers of one item in one department.
#[derive(Debug, Clone, Default)]
struct ItemTally {
    answers: usize,
    people: BTreeSet<u64>,
    correct: usize,
    expected: f64,
}

impl ItemTally {
    fn add(&mut self, other: &ItemTally) {
        self.answers += other.answers;
        self.people.extend(&other.people);
        self.correct += other.correct;
        self.expected += other.expected;
    }

    fn row(
        &self,
        kind: &'static str,
        key: String,
        stem_start: Option<String>,
        items: usize,
    ) -> DrillRow {
        DrillRow {
            kind,
            key,
            stem_start,
            items,
            answers: self.answers,
            people: self.people.len(),
            share_correct: self.correct as f64 / self.answers as f64,
            observed_minus_expected: self.correct as f64 - self.expected,
        }
    }
}

impl Reports {
    /// The drill-down of topic `topic_id` for `department` (a path at `level`) in a cycle.
    /// Abilities are each person's EAP from all their scored answers in the cycle.
    ///
    /// Privacy: the rows are computed from one fixed set of tests, those published as of the
    /// cycle's deadline, and only once the deadline is past (before, the drill-down says when
    /// they will be shown): item rows are finer than any cell, so two versions of them would
    /// show what the people in between answered. Item rows are tallied for every department of the tree and hidden by
    /// [`report::drill::hidden_rows`] (fewer than k people, or computable from the published
    /// cell or other departments' rows). Section and tag rows are sums of the shown item rows
    /// only, so they reveal nothing the item rows don't.
    pub fn topic_drill(
        &self,
        principal: &Principal,
        cycle_id: CycleId,
        level: usize,
        department: &str,
        topic_id: &str,
        now: Timestamp,
    ) -> Result<Drill, ServiceError> {
        let request = ViewRequest::of(cycle_id, level);
        Ok(self
            .drill_view(principal, request, department, topic_id, now)?
            .1)
    }

    /// The drill-down of the requested cycle (404 when there is none, or when `department` is
    /// no department of the organisation), from one snapshot.
    pub fn drill_view(
        &self,
        principal: &Principal,
        request: ViewRequest,
        department: &str,
        topic_id: &str,
        now: Timestamp,
    ) -> Result<(Selection, Drill), ServiceError> {
        let view = self.view(principal, request)?;
        let cycle = view.selection.cycle.clone().ok_or(ServiceError::NotFound)?;
        let known = |path: &str| {
            path == department
                || path
                    .strip_prefix(department)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let known_department = view.snapshot.departments.iter().any(|d| known(&d.path))
            || view.snapshot.users.iter().any(|u| known(&u.department))
            || view
                .snapshot
                .tests
                .iter()
                .any(|t| t.department.as_deref().is_some_and(known));
        if !known_department {
            return Err(ServiceError::NotFound);
        }
        let level = view.selection.level;
        let bank = self.bank();
        let topic_ix = bank
            .topics
            .iter()
            .position(|t| t.id == topic_id)
            .ok_or(ServiceError::NotFound)?;
        let topic = self.report_topics(view.form).swap_remove(topic_ix);
        let k = self.k(&cycle);
        if today(now) <= cycle.deadline {
            let drill = Drill {
                waiting_for_deadline: true,
                deadline: cycle.deadline,
                shown: false,
                rows: Vec::new(),
                suppressed: 0,
                cycle,
                level,
                department: department.to_string(),
                topic,
                min_people: k,
            };
            return Ok((view.selection, drill));
        }

        // Every department of the tree (the organisation is ""), with its parent.
        let mut groups: Vec<String> = vec![String::new()];
        let mut group_ix: HashMap<String, usize> = HashMap::from([(String::new(), 0)]);
        let mut parent: Vec<Option<usize>> = vec![None];
        let mut intern = |path: &str| -> Vec<usize> {
            let mut chain = vec![0];
            for l in 1..=depth(path) {
                let prefix = at_level(path, l);
                let ix = *group_ix.entry(prefix.clone()).or_insert_with(|| {
                    groups.push(prefix);
                    parent.push(chain.last().copied());
                    groups.len() - 1
                });
                chain.push(ix);
            }
            chain
        };
        let mut item_ix: HashMap<&str, usize> = HashMap::new();
        let mut topic_items: Vec<&crate::bank::Item> = Vec::new();
        let mut tallies: HashMap<(usize, usize), ItemTally> = HashMap::new();
        for (test, answers) in view.published_tests(&cycle, Version::Deadline) {
            let Some(person_department) = department_of(test, &view.users) else {
                continue;
            };
            let scored: Vec<_> = answers
                .iter()
                .filter(|a| !a.pretest)
                // As in `cycle_responses`: whatever the item's status or version is now.
                .filter_map(|a| Some((bank.item(&a.item_id)?, a.correct)))
                .collect();
            let responses: Vec<crate::irt::Response> = scored
                .iter()
                .map(|(item, correct)| crate::irt::Response {
                    params: item.params,
                    correct: *correct,
                })
                .collect();
            let theta = crate::irt::eap(&responses, crate::irt::Prior::default()).theta;
            let chain = intern(&person_department);
            for (item, correct) in scored.iter().filter(|(i, _)| i.topic == topic_ix) {
                let r = *item_ix.entry(item.id.as_str()).or_insert_with(|| {
                    topic_items.push(item);
                    topic_items.len() - 1
                });
                for &g in &chain {
                    let tally = tallies.entry((g, r)).or_default();
                    tally.answers += 1;
                    tally.people.insert(test.id);
                    tally.correct += usize::from(*correct);
                    tally.expected += item.params.p(theta);
                }
            }
        }

        // Which cells the report as of the deadline publishes, at every level (its suppression
        // runs over the whole tree, so the levels agree).
        let (responses, _) = self.cycle_responses(&view, &cycle, Version::Deadline)?;
        let mut cell_shown = vec![false; groups.len()];
        for l in 1..=view.selection.max_level {
            let report = report::report(&responses, &self.report_config(&cycle, l));
            if l == 1 {
                cell_shown[0] = report.organisation[topic_ix].is_some();
            }
            for row in &report.groups {
                if let Some(&g) = group_ix.get(&row.path) {
                    cell_shown[g] = matches!(row.cells[topic_ix], Cell::Published(_));
                }
            }
        }
        let empty = ItemTally::default();
        let tally = |g: usize, r: usize| tallies.get(&(g, r)).unwrap_or(&empty);
        let counts = report::drill::DrillCounts {
            parent,
            cell_shown,
            people: (0..groups.len())
                .map(|g| {
                    (0..topic_items.len())
                        .map(|r| tally(g, r).people.clone())
                        .collect()
                })
                .collect(),
        };
        let hidden = report::drill::hidden_rows(&counts, k);

        let g = group_ix.get(department).copied();
        let shown = g.is_some_and(|g| counts.cell_shown[g]);
        let mut rows = Vec::new();
        let mut suppressed = 0;
        if let (Some(g), true) = (g, shown) {
            let mut sums: BTreeMap<(&'static str, String), (ItemTally, usize)> = BTreeMap::new();
            for (r, item) in topic_items.iter().enumerate() {
                let t = tally(g, r);
                if t.answers == 0 {
                    continue;
                }
                if hidden[g][r] {
                    suppressed += 1;
                    continue;
                }
                let mut sections: Vec<String> =
                    item.references.iter().map(|r| r.section_key()).collect();
                sections.sort();
                sections.dedup();
                let keys = sections
                    .into_iter()
                    .map(|s| ("section", s))
                    .chain(item.tags.iter().map(|t| ("tag", t.clone())));
                for key in keys {
                    let sum = sums.entry(key).or_default();
                    sum.0.add(t);
                    sum.1 += 1;
                }
                let stem = (!item.secret).then(|| {
                    let start: String = item.stem.chars().take(STEM_START).collect();
                    if item.stem.chars().count() > STEM_START {
                        format!("{}…", start.trim_end())
                    } else {
                        start
                    }
                });
                rows.push(t.row("item", item.id.to_string(), stem, 1));
            }
            rows.extend(
                sums.into_iter()
                    .map(|((kind, key), (sum, items))| sum.row(kind, key, None, items)),
            );
        }
        rows.sort_by(|a, b| {
            a.observed_minus_expected
                .total_cmp(&b.observed_minus_expected)
                .then_with(|| a.kind.cmp(b.kind))
                .then_with(|| a.key.cmp(&b.key))
        });
        let drill = Drill {
            waiting_for_deadline: false,
            deadline: cycle.deadline,
            cycle,
            level,
            department: department.to_string(),
            topic,
            min_people: k,
            shown,
            rows,
            suppressed,
        };
        Ok((view.selection, drill))
    }
}

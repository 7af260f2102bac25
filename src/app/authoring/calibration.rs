//! Calibration in the author area: the stored answers in the calibration's shape, the
//! background job that calibrates from the server's own database while tests go on, the proposal
//! it writes and its acceptance into the item files.
//!
//! **The job.** [`Authoring::start_calibration`] claims the one job slot (a second start while a
//! job runs is refused, [`Refusal::CalibrationRunning`]; the claim is made under a lock, so two
//! simultaneous starts cannot both win) and returns a [`CalibrationJob`], which the caller runs
//! on a blocking thread ([`CalibrationJob::run`]; the web layer uses
//! `tokio::task::spawn_blocking`). The job reads the bank on disk and every stored answer (one
//! redb read transaction: a consistent snapshot while tests go on), calibrates as
//! `forvalt calibrate --db … --anchors active` does (2PL, active calibrated items fixed as
//! anchors, [`job_config`]) and writes the proposal where the page and the CLI read it
//! ([`PROPOSAL_FILE`] in the bank folder), atomically ([`write_proposal`]): a server stopped
//! mid-job leaves the previous proposal whole, never half a file. The page reads the job's
//! progress (EM cycles done, [`crate::calibrate::Progress`]) from [`Authoring::calibration_job`].
//! Start and end (finished or failed) are audited. The state lives in memory: after a restart
//! there is no job, and the last proposal on disk is what the page shows.
//!
//! **Uncertainty in words.** [`Certainty`] turns the standard errors of a and b into "sikker",
//! "nokså sikker" or "usikker" ([`certainty`] says why the thresholds are where they are).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Authoring, writeback_error};
use crate::app::{Principal, Refusal, ServiceError};
use crate::bank::proposal::{PROPOSAL_FILE, ProposalRow};
use crate::bank::{self, ItemBank, ItemId, ParamSource, Status};
use crate::calibrate::{self, Config, Model, Progress};
use crate::store::{CycleId, Role};

/// The audit route of a job's start and end.
pub const JOB_AUDIT_ROUTE: &str = "/forfatter/kalibrering/start";

/// Stored answers in the shape the calibration takes.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationData {
    /// The bank items with at least one answer; `Answer::item` indexes this.
    pub ids: Vec<ItemId>,
    /// One per (test, item): a test is one examinee.
    pub answers: Vec<crate::calibrate::Answer>,
    pub examinees: usize,
    /// Answers to items no longer in the bank, left out.
    pub unknown_items: usize,
}

impl CalibrationData {
    /// Anchors for fixed-parameter calibration: the active items with calibrated parameters.
    pub fn active_anchors(&self, bank: &ItemBank) -> Vec<crate::calibrate::Anchor> {
        self.ids
            .iter()
            .enumerate()
            .filter_map(|(ix, id)| {
                let item = bank.item(id)?;
                (item.status == Status::Active
                    && matches!(item.source, ParamSource::Calibrated { .. }))
                .then_some(crate::calibrate::Anchor {
                    item: ix,
                    a: item.params.a(),
                    b: item.params.b(),
                    c: item.params.c(),
                })
            })
            .collect()
    }
}

/// Every stored answer (of `cycle`, or all cycles) to an item of `bank`, any status: what
/// `forvalt calibrate --db` reads (the operator's tool; the author area's job reads the published
/// tests only, [`calibration_data_of`]).
pub fn calibration_data(
    store: &crate::store::Store,
    bank: &ItemBank,
    cycle: Option<CycleId>,
) -> Result<CalibrationData, crate::store::StoreError> {
    let tests: HashMap<u64, u64> = store
        .tests()?
        .into_iter()
        .map(|t| (t.id, t.cycle_id))
        .collect();
    let responses = store
        .all_responses()?
        .into_iter()
        .filter(|r| cycle.is_none() || tests.get(&r.test_id).copied().map(CycleId) == cycle);
    Ok(calibration_data_of(bank, responses))
}

/// The calibration data of `responses` (in test order) for `bank`.
pub fn calibration_data_of(
    bank: &ItemBank,
    responses: impl IntoIterator<Item = crate::store::ResponseRecord>,
) -> CalibrationData {
    let mut ids: Vec<ItemId> = Vec::new();
    let mut item_index: HashMap<String, usize> = HashMap::new();
    let mut person_index: HashMap<u64, usize> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut answers = Vec::new();
    let mut unknown_items = 0;
    for r in responses {
        let Some(bank_item) = bank.item(&r.item_id) else {
            unknown_items += 1;
            continue;
        };
        let item = *item_index.entry(r.item_id.clone()).or_insert_with(|| {
            ids.push(bank_item.id.clone());
            ids.len() - 1
        });
        let next = person_index.len();
        let person = *person_index.entry(r.test_id).or_insert(next);
        // A test shows an item once; keep the first answer if a record says otherwise.
        if seen.insert((person, item)) {
            answers.push(crate::calibrate::Answer {
                person,
                item,
                correct: r.correct,
            });
        }
    }
    CalibrationData {
        ids,
        answers,
        examinees: person_index.len(),
        unknown_items,
    }
}

/// The settings of a calibration started in the author area: those of
/// `forvalt calibrate --db … --anchors active` with its defaults (2PL, tolerance 10⁻⁴, at most
/// 500 EM cycles, items with fewer than 20 answers not calibrated), counting into `progress`.
pub fn job_config(progress: Progress) -> Config {
    Config {
        progress,
        ..Config::new(Model::TwoPl)
    }
}

/// The background calibration as the author page shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum JobState {
    /// No job since the server started.
    Idle,
    Running {
        started_by: String,
        started_at: Timestamp,
        /// EM cycles done so far.
        progress: Progress,
        /// The most EM cycles the job will run.
        max_rounds: usize,
    },
    Finished {
        started_by: String,
        finished_at: Timestamp,
        /// EM cycles run.
        rounds: usize,
        converged: bool,
        /// Rows of the proposal an author can accept.
        acceptable: usize,
        examinees: usize,
        answers: usize,
    },
    Failed {
        started_by: String,
        failed_at: Timestamp,
        failure: JobFailure,
    },
}

impl JobState {
    pub fn is_running(&self) -> bool {
        matches!(self, JobState::Running { .. })
    }
}

/// Why a calibration job failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobFailure {
    /// The store holds no answer to an item of the bank.
    NoAnswers,
    /// The bank on disk does not load; the first errors.
    BankInvalid(Vec<bank::Diagnostic>),
    /// The database could not be read (the error, for the page and the log).
    Store(String),
    /// The proposal could not be written (the file and the error).
    Write(String),
    /// The job ended without a result (its thread stopped or panicked).
    Stopped,
}

impl JobFailure {
    /// In bokmål, for the audit log (the page words it in the reader's form).
    fn audit_words(&self) -> String {
        match self {
            JobFailure::NoAnswers => "ingen svar å kalibrere fra".into(),
            JobFailure::BankInvalid(errors) => {
                let errors: Vec<String> = errors
                    .iter()
                    .map(|d| d.to_string_in(crate::text::Form::Nb))
                    .collect();
                format!("oppgavebanken har feil: {}", errors.join("; "))
            }
            JobFailure::Store(e) => format!("databasen kunne ikke leses: {e}"),
            JobFailure::Write(e) => format!("forslaget kunne ikke skrives: {e}"),
            JobFailure::Stopped => "jobben stoppet uten resultat".into(),
        }
    }
}

/// A claimed calibration: run it once on a blocking thread ([`CalibrationJob::run`]). Dropped
/// without running (or if the run panics), it marks the job failed, so the slot never stays
/// taken.
#[derive(Debug)]
#[must_use = "a claimed calibration blocks the next until it is run or dropped"]
pub struct CalibrationJob {
    service: Arc<Authoring>,
    principal: Principal,
    progress: Progress,
    ended: bool,
}

impl CalibrationJob {
    /// The job's progress counter (EM cycles done).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Calibrate from the stored answers, write the proposal, record and audit the outcome.
    /// Blocking: seconds to minutes at a real agency.
    pub fn run(mut self, today: Date) -> JobState {
        let outcome = self.service.calibrate_into_proposal(&self.progress, today);
        self.end(outcome)
    }

    fn end(&mut self, outcome: Result<Calibrated, JobFailure>) -> JobState {
        self.ended = true;
        let now = Timestamp::now();
        let started_by = self.principal.user.employee_id.clone();
        let (state, words) = match outcome {
            Ok(c) => (
                JobState::Finished {
                    started_by,
                    finished_at: now,
                    rounds: c.rounds,
                    converged: c.converged,
                    acceptable: c.acceptable,
                    examinees: c.examinees,
                    answers: c.answers,
                },
                format!(
                    "kalibrering ferdig: forslag med {} oppgaver som kan godtas, {} EM-runder, {}",
                    c.acceptable,
                    c.rounds,
                    if c.converged {
                        "konvergert"
                    } else {
                        "ikke konvergert"
                    }
                ),
            ),
            Err(failure) => {
                tracing::warn!(failure = ?failure, "the calibration job failed");
                let words = format!("kalibrering feilet: {}", failure.audit_words());
                (
                    JobState::Failed {
                        started_by,
                        failed_at: now,
                        failure,
                    },
                    words,
                )
            }
        };
        // Audited before the state changes: whoever sees the job ended finds its audit entry.
        if let Err(e) = self
            .service
            .audit(&self.principal, JOB_AUDIT_ROUTE, words, now)
        {
            tracing::warn!(error = %e, "could not audit the end of a calibration job");
        }
        *self.service.job_slot() = state.clone();
        state
    }
}

impl Drop for CalibrationJob {
    fn drop(&mut self) {
        if !self.ended {
            self.end(Err(JobFailure::Stopped));
        }
    }
}

/// What a finished job reports.
struct Calibrated {
    rounds: usize,
    converged: bool,
    acceptable: usize,
    examinees: usize,
    answers: usize,
}

/// Write `rows` as the proposal CSV to `path` atomically: into a temporary file beside it,
/// flushed to disk, then renamed over it. A reader (or a restarted server) sees the old proposal
/// or the new one, never part of one.
pub fn write_proposal(path: &Path, rows: &[ProposalRow]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| PROPOSAL_FILE.into());
    let partial = path.with_file_name(format!(".{name}.partial"));
    let mut file = std::fs::File::create(&partial)?;
    file.write_all(bank::proposal::to_csv(rows).as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&partial, path)
}

/// How sure an estimate of an item's parameters is, in words for authors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Certainty {
    Sure,
    FairlySure,
    Unsure,
}

/// The widest 95 % interval (2 × 1.96 standard errors) of a or b for [`Certainty::Sure`].
pub const SURE_WIDTH: f64 = 0.5;
/// The widest 95 % interval of a or b for [`Certainty::FairlySure`]; wider is unsure.
pub const FAIRLY_SURE_WIDTH: f64 = 1.0;

/// The certainty of an estimate from the standard errors of a and b (`None` when they are not
/// finite numbers): the less certain of the two.
///
/// Why these widths: authors see difficulty on the θ scale in bands one unit wide (the
/// overview's b < −1, −1 to 0, 0 to 1, above 1), and "for lett"/"for vanskelig" flags move with
/// b by fractions of that. A 95 % interval at most half a band wide ([`SURE_WIDTH`], SE ≤ 0.13)
/// puts the item in one band or on the border of two: sure. Up to a whole band
/// ([`FAIRLY_SURE_WIDTH`], SE ≤ 0.26) it may be in either of two neighbouring bands: fairly
/// sure. Wider, it may be in three, and the proposal says little. For a the same widths are
/// used on its own scale: the bank's a lie between about 0.5 and 2.5, so an interval half a
/// unit wide tells a weak item from a strong one, and one wider than a unit does not.
pub fn certainty(se_a: f64, se_b: f64) -> Option<Certainty> {
    let width = 2.0 * 1.96 * se_a.max(se_b);
    let known = |se: f64| se.is_finite() && se >= 0.0;
    if !known(se_a) || !known(se_b) {
        None
    } else if width <= SURE_WIDTH {
        Some(Certainty::Sure)
    } else if width <= FAIRLY_SURE_WIDTH {
        Some(Certainty::FairlySure)
    } else {
        Some(Certainty::Unsure)
    }
}

/// The standard errors (of a, of b) that `n` answers give an item with parameters (a, b, c)
/// when the people answering are spread as N(0, 1): the inverse of n times the expected Fisher
/// information of one answer, with c held fixed (Baker & Kim 2004, ch. 3):
/// I = E[(∂P/∂x)(∂P/∂y) / (P(1 − P))] over θ ~ N(0, 1), with ∂P/∂a = (1 − c)σ(1 − σ)(θ − b),
/// ∂P/∂b = −a(1 − c)σ(1 − σ), σ = logistic(a(θ − b)).
///
/// The item files keep an accepted calibration's n but not its standard errors, so this is how
/// the page puts words to the uncertainty of parameters calibrated earlier. It is a rough
/// guide: an adaptive test gives an item to people near its difficulty, who tell more about b
/// than a normal spread does, so the real SE of b is usually smaller.
pub fn expected_standard_errors(a: f64, b: f64, c: f64, n: u64) -> (f64, f64) {
    // Rectangle rule on 121 nodes over [−6, 6] (the density is smooth; see `calibrate`).
    let (mut i_aa, mut i_ab, mut i_bb, mut total) = (0.0, 0.0, 0.0, 0.0);
    for k in 0..=120 {
        let theta = -6.0 + 0.1 * k as f64;
        let weight = (-0.5 * theta * theta).exp();
        let s = crate::irt::logistic(a * (theta - b));
        let p = c + (1.0 - c) * s;
        let slope = (1.0 - c) * s * (1.0 - s);
        let (d_a, d_b) = (slope * (theta - b), -a * slope);
        let w = weight / (p * (1.0 - p)).max(1e-300);
        i_aa += w * d_a * d_a;
        i_ab += w * d_a * d_b;
        i_bb += w * d_b * d_b;
        total += weight;
    }
    let n = n as f64;
    let (i_aa, i_ab, i_bb) = (n * i_aa / total, n * i_ab / total, n * i_bb / total);
    let det = i_aa * i_bb - i_ab * i_ab;
    if det.is_nan() || det <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    ((i_bb / det).sqrt(), (i_aa / det).sqrt())
}

impl Authoring {
    /// Answers an item needs before its proposed parameters can be accepted.
    pub fn calibration_min_answers(&self) -> u64 {
        self.calibration_min_answers
    }

    /// The background calibration's state now.
    pub fn calibration_job(&self) -> JobState {
        self.job_slot().clone()
    }

    fn job_slot(&self) -> std::sync::MutexGuard<'_, JobState> {
        // The state is replaced whole, so a panic elsewhere cannot leave it half-changed.
        self.calibration_job
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Claim the calibration job for `principal` (an author) and audit its start. Refused while
    /// a job runs. Run the returned job on a blocking thread.
    pub fn start_calibration(
        self: &Arc<Self>,
        principal: &Principal,
        now: Timestamp,
    ) -> Result<CalibrationJob, ServiceError> {
        principal.require(Role::Author)?;
        let progress = Progress::new();
        {
            let mut slot = self.job_slot();
            if slot.is_running() {
                return Err(Refusal::CalibrationRunning.into());
            }
            *slot = JobState::Running {
                started_by: principal.user.employee_id.clone(),
                started_at: now,
                progress: progress.clone(),
                max_rounds: job_config(progress.clone()).max_iterations,
            };
        }
        // From here the job owns the slot: dropped on an error, it marks itself failed.
        let job = CalibrationJob {
            service: self.clone(),
            principal: principal.clone(),
            progress,
            ended: false,
        };
        self.audit(
            principal,
            JOB_AUDIT_ROUTE,
            "kalibrering startet (2PL, aktive kalibrerte oppgaver som ankere)".into(),
            now,
        )?;
        Ok(job)
    }

    /// The job's work: the bank on disk, the published tests' answers, the calibration, the
    /// proposal.
    fn calibrate_into_proposal(
        &self,
        progress: &Progress,
        today: Date,
    ) -> Result<Calibrated, JobFailure> {
        let (bank, errors) = self.bank_on_disk(today);
        if !errors.is_empty() {
            return Err(JobFailure::BankInvalid(errors));
        }
        // The published tests only, as every figure an author sees: two proposals never differ
        // by one person's answers (a deterministic EM would show them in the estimates).
        let published = self
            .reports
            .published_answers(None)
            .map_err(|e| JobFailure::Store(e.to_string()))?;
        let data = calibration_data_of(&bank, published.tests.into_iter().flat_map(|(_, a)| a));
        if data.answers.is_empty() {
            return Err(JobFailure::NoAnswers);
        }
        let anchors = data.active_anchors(&bank);
        let config = job_config(progress.clone());
        let result = calibrate::calibrate(data.ids.len(), &data.answers, &anchors, &config);
        let rows = bank::proposal::propose(&bank, &data.ids, &result);
        let path = bank.dir.join(PROPOSAL_FILE);
        write_proposal(&path, &rows)
            .map_err(|e| JobFailure::Write(format!("{}: {e}", path.display())))?;
        Ok(Calibrated {
            rounds: result.iterations,
            converged: result.converged,
            acceptable: rows.iter().filter(|r| r.acceptable()).count(),
            examinees: data.examinees,
            answers: data.answers.len(),
        })
    }

    /// The latest calibration proposal in the bank folder, if there is one (or why it cannot be
    /// read), with the bank it is compared with.
    #[allow(clippy::type_complexity)]
    pub fn calibration_proposal(
        &self,
        principal: &Principal,
        today: Date,
    ) -> Result<
        (
            ItemBank,
            Vec<bank::Diagnostic>,
            Option<Result<Vec<ProposalRow>, String>>,
        ),
        ServiceError,
    > {
        let (bank, errors) = self.author_bank(principal, today)?;
        let path = bank.dir.join(bank::proposal::PROPOSAL_FILE);
        let rows = path.exists().then(|| bank::proposal::read(&path));
        Ok((bank, errors, rows))
    }

    /// Write the proposal's parameters for `ids` into the item files, and audit it. An item with
    /// fewer answers than the minimum ([`Authoring::calibration_min_answers`]) is refused.
    pub fn accept_calibration(
        &self,
        principal: &Principal,
        ids: &[ItemId],
        today: Date,
        now: jiff::Timestamp,
    ) -> Result<Vec<ItemId>, ServiceError> {
        principal.require(Role::Author)?;
        let bank = self.writable_bank(today)?;
        if ids.is_empty() {
            return Err(Refusal::NothingChosen.into());
        }
        let path = bank.dir.join(bank::proposal::PROPOSAL_FILE);
        let rows = path
            .exists()
            .then(|| bank::proposal::read(&path))
            .ok_or(Refusal::NoCalibrationProposal)?
            .map_err(|detail| Refusal::ProposalUnreadable { detail })?;
        let min = self.calibration_min_answers;
        if let Some(row) = rows
            .iter()
            .find(|r| ids.iter().any(|id| *id == r.id) && r.n < min)
        {
            return Err(Refusal::CalibrationTooFewAnswers {
                item: row.id.clone(),
                answers: row.n,
                min,
            }
            .into());
        }
        let accepted = bank::proposal::accept(&bank, &rows, Some(ids), today)
            .map(|(ids, _)| ids)
            .map_err(|e| match e {
                bank::proposal::AcceptError::Writeback(e) => writeback_error(e),
                bank::proposal::AcceptError::NotProposed(item)
                | bank::proposal::AcceptError::NotInBank(item) => {
                    Refusal::NotInProposal { item }.into()
                }
                bank::proposal::AcceptError::NotAcceptable(item, _) => {
                    Refusal::NotAcceptable { item }.into()
                }
            })?;
        self.audit(
            principal,
            "/forfatter/kalibrering",
            format!(
                "kalibrering godtatt fra {}: {}",
                bank::proposal::PROPOSAL_FILE,
                accepted
                    .iter()
                    .map(ItemId::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            now,
        )?;
        Ok(accepted)
    }
}

/// Whether a proposal row is already in the item file: the item's parameters are calibrated
/// and equal to the proposal's a and b (to the precision written, 0.001). Such a row is not
/// offered for acceptance again.
pub fn proposal_written(bank: &ItemBank, row: &ProposalRow) -> bool {
    bank.item(&row.id).is_some_and(|i| {
        matches!(i.source, ParamSource::Calibrated { .. })
            && (i.params.a() - row.a).abs() < 0.001
            && (i.params.b() - row.b).abs() < 0.001
    })
}

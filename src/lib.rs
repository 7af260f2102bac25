//! forvalt: computerized adaptive testing of caseworkers in administrative law, with
//! topic-weakness reports for departments.
//!
//! forvalt is an application: most of its modules are private, and these docs link to them. Read
//! them with `cargo doc --document-private-items --open` (CI builds them so, with warnings as
//! errors, so a link that no longer resolves is caught).
//!
//! # Bird's-eye view
//!
//! Authors write items as TOML files; [`bank`] loads and validates them. A caseworker takes an
//! adaptive test: [`cat`] chooses each next item from the bank with the IRT maths of [`irt`],
//! every answer is committed durably by [`store`] before the next item is shown, and the
//! session is rebuilt from the stored history on every request. HR sees department × topic
//! weaknesses from [`report`], corrected for item difficulty and suppressed for small groups;
//! authors see item statistics and recalibrate items with [`calibrate`]. [`app`] is what each
//! audience can do; [`web`] serves it over HTTP (HTML and JSON) and [`cli`] from the command
//! line.
//!
//! ```text
//! item-bank/ (TOML, written by people)
//!    │  bank::load ──► validated ItemBank (errors with file:line)
//!    ▼
//! cat::Session ◄── irt (pure maths: P, information, EAP/MAP/MLE)
//!    │  start → select → estimate → stop      (pure: no I/O, no clock, RNG passed in)
//!    ▼
//! app (TestTaking, Reports, Authoring, Accounts, Operations) ──► store (redb; every answer durable)
//!    │                                          report, calibrate (pure)
//!    ▼
//! web (axum + maud; one router per audience)      cli (clap; main.rs only calls cli::run)
//! ```
//!
//! # Code map: where is the thing that does X?
//!
//! | to find … | look in |
//! |---|---|
//! | P(θ), information, EAP/MAP/MLE | [`irt`] |
//! | the next item, blueprint, exposure, stopping | [`cat`] (`start`, `select`, `estimate`, `stop`, `Session`) |
//! | the live engine: pool and rules from the bank and the exposure setting, what a test shows at a position (live tests and `simulate --bank` alike) | [`engine`] |
//! | the authors' file format, validation, law references, write-back | [`bank`] |
//! | the ids in signatures: `UserId`, `CycleId`, `TestId` (store keys), `ItemId` (checked once where it comes in) | [`store`], [`bank::ItemId`] |
//! | starting, resuming, answering a test; the result page's data | [`app::TestTaking`] |
//! | the HR topic report, trends, completion, drill-down, audit of report views | [`app::Reports`] (figures from [`report`]) |
//! | item statistics, calibration proposals, law-change review | [`app::Authoring`] |
//! | login, sessions, password hashing, login limits | [`app::Accounts`] |
//! | health, metrics gauges, backup, audit log, retention | [`app::Operations`] |
//! | one read snapshot of a cycle for the HR views | `store::ReportSnapshot` |
//! | the redb tables, records, schema version, group commit | [`store`] |
//! | routes, extractors, CSRF, views, the one CSV writer | [`web`] |
//! | simulation studies and Sympson–Hetter calibration | [`simulate`] |
//! | MML-EM calibration of item parameters | [`calibrate`] |
//! | the CSV interchange files (`id,topic,a,b,c`, …) | [`interchange`] |
//! | e-mail: outbox decisions, leaders' pages, certificates, deadlines (issue 15) | `app::followup`, `app::leader`, `app::certificate`, `app::deadline` |
//! | SMTP delivery of the outbox, templates, the crash guarantee | [`mail`] |
//! | settings from flags, environment, file and defaults | [`config`] |
//! | the text catalogue: every page, e-mail, refusal and the bank check's messages in bokmål, nynorsk and Danish (`Form`; one module per language) | [`text`] |
//! | differential item functioning (Mantel–Haenszel) between the written forms | [`irt::dif`] |
//! | each command (`serve`, `bank check`, `simulate`, `calibrate`, `users import`, …) | [`cli`] |
//!
//! # Invariants
//!
//! Most are absences:
//! - [`irt`], [`cat`], [`report`] and [`calibrate`] do no I/O and cannot fail once their inputs
//!   are constructed (`ItemParams::new`, `Blueprint::new` and `Pool::new` check their
//!   invariants). Randomness only through a passed-in `Rng`.
//! - Only [`web`] knows HTTP; only [`store`] knows redb; [`store`] holds no business rules.
//! - [`app`] never caches a test's state: each request rebuilds the `cat::Session` from what is
//!   on disk, so a restart, a second tab or a second process sees the same test.
//! - Every answer is durable before the next item is shown; nothing acknowledged is lost.
//! - A finished `Session` accepts no answer; the blueprint's per-topic minimums and maximums
//!   hold for every test the bank can supply.
//! - Nothing shown to HR identifies a caseworker's answers: cells of fewer than k people are
//!   suppressed, no two versions of any HR figure differ by fewer than k people (completions are
//!   published in batches, [`report::publish`]), and every HR view or export is in the audit log
//!   before it is shown.
//! - An HR view reads one snapshot of the store (one read transaction), whatever the number of
//!   tests.
//!
//! # Glossary
//!
//! | term | in code | meaning |
//! |---|---|---|
//! | θ (theta) | `theta` | ability on the logit scale; the bank is scaled so caseworkers are about N(0, 1) |
//! | a | `ItemParams::a` | discrimination |
//! | b | `ItemParams::b` | difficulty: θ where P is halfway between c and 1 |
//! | c | `ItemParams::c` | lower asymptote ("guessing"), about 1 / number of options |
//! | P(θ) | `ItemParams::p` | c + (1 − c) / (1 + e^(−a(θ − b))) — logistic metric, no 1.7 constant |
//! | I(θ) | `ItemParams::information` | Fisher information (Lord 1980) |
//! | SE | `Estimate::se` | standard error of θ̂ (posterior SD for EAP) |
//! | K_i | `Exposure::SympsonHetter { k }` | Sympson–Hetter probability of administering item i when selected |
//! | k | `Config::report_min_people` | the smallest group HR sees a figure for |
//! | cycle | `CycleRecord` | a period in which every caseworker takes one test |
// Links from public docs to private items resolve with `--document-private-items` (above).
#![allow(rustdoc::private_intra_doc_links)]

pub mod app;
pub mod bank;
pub mod calibrate;
pub mod cat;
pub mod cli;
pub mod config;
pub mod engine;
pub mod interchange;
pub mod irt;
pub mod mail;
pub mod report;
pub mod simulate;
pub mod store;
pub mod text;
pub mod web;

//! `forvalt serve --demo`: a small organisation to try everything with, created idempotently.
//!
//! Besides the users who log in, the demo has a history so the HR pages show real figures: 90
//! simulated caseworkers in six teams took the previous cycle's test two years ago and most of
//! them have taken this cycle's, through the same application calls as the browser, answering by a
//! simulated ability with planted weak topics (see [`PLANTED`]). They have no password.

use jiff::{Timestamp, ToSpan};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::{App, Principal, ServiceError, hash_password, simulee};
use crate::store::{CycleRecord, Role, UserInput};

/// The demo users: (employee id, name, department, role, password). The passwords are public
/// (printed at start-up and in the README): a demo database must never hold real data.
pub const USERS: &[(&str, &str, &str, Role, &str)] = &[
    (
        "saksbehandler1",
        "Kari Nordmann",
        "BUF/Område Nord/Team 3",
        Role::Caseworker,
        "demo-saksbehandler",
    ),
    (
        "saksbehandler2",
        "Ola Hansen",
        "BUF/Område Nord/Team 4",
        Role::Caseworker,
        "demo-saksbehandler",
    ),
    (
        "saksbehandler3",
        "Aisha Khan",
        "BUF/Område Sør/Team 1",
        Role::Caseworker,
        "demo-saksbehandler",
    ),
    ("hr1", "Per Olsen", "BUF/HR", Role::Hr, "demo-hr"),
    (
        "forfatter1",
        "Ingrid Berg",
        "BUF/Fagstab",
        Role::Author,
        "demo-forfatter",
    ),
    ("admin1", "Nils Dahl", "BUF/IT", Role::Admin, "demo-admin"),
];

pub const CYCLE_NAME: &str = "Demosyklus";
pub const PREVIOUS_CYCLE_NAME: &str = "Demosyklus 2024";

/// The simulated caseworkers' teams (level 3 of the tree), 15 people each.
const TEAMS: &[&str] = &[
    "BUF/Område Nord/Team 1",
    "BUF/Område Nord/Team 2",
    "BUF/Område Nord/Team 3",
    "BUF/Område Sør/Team 1",
    "BUF/Område Sør/Team 2",
    "BUF/Område Sør/Team 3",
];
const PER_TEAM: usize = 15;
/// How many simulated caseworkers the demo has.
pub const SIMULATED_PEOPLE: usize = 6 * PER_TEAM;

/// Planted weaknesses: (department prefix, topic id, logit shift, previous cycle?). Område Sør
/// is weak in innsyn now; Område Nord was weak in habilitet last cycle and has caught up (a trend
/// to see); Nord/Team 2 is weak in klage now.
const PLANTED: &[(&str, &str, f64, bool)] = &[
    ("BUF/Område Sør", "partsinnsyn", -1.2, false),
    ("BUF/Område Nord", "habilitet", -1.2, true),
    ("BUF/Område Nord/Team 2", "klage", -1.5, false),
];

/// Create the demo users (those missing) and an open cycle (if there is none by that name).
pub fn ensure(app: &App, now: Timestamp) -> Result<CycleRecord, ServiceError> {
    let store = app.store();
    let mut missing = Vec::new();
    for &(id, name, department, role, password) in USERS {
        if store.user_by_login(id)?.is_none() {
            missing.push(UserInput {
                employee_id: id.to_string(),
                name: name.to_string(),
                email: format!("{id}@demo.invalid"),
                department: department.to_string(),
                role,
                password_hash: Some(hash_password(password)),
            });
        }
    }
    store.upsert_users(&missing, now)?;
    if let Some(cycle) = store.cycles()?.into_iter().find(|c| c.name == CYCLE_NAME) {
        return Ok(cycle);
    }
    let today = super::test_taking::today(now);
    let opens = today.checked_sub(7.days()).unwrap_or(today);
    let deadline = today.checked_add(60.days()).unwrap_or(today);
    let previous_opens = opens.checked_sub(2.years()).unwrap_or(opens);
    let previous_deadline = deadline.checked_sub(2.years()).unwrap_or(deadline);
    let previous = store.add_cycle(PREVIOUS_CYCLE_NAME, previous_opens, previous_deadline)?;
    let cycle = store.add_cycle(CYCLE_NAME, opens, deadline)?;
    let previous_now = now
        .checked_sub(jiff::SignedDuration::from_hours(2 * 365 * 24))
        .unwrap_or(now);
    tracing::info!(
        "demo: simulating two cycles of tests for {} caseworkers",
        TEAMS.len() * PER_TEAM
    );
    seed_history(app, &previous, &cycle, previous_now, now)?;
    Ok(cycle)
}

/// The simulated caseworkers and their tests of both cycles.
fn seed_history(
    app: &App,
    previous: &CycleRecord,
    current: &CycleRecord,
    previous_now: Timestamp,
    now: Timestamp,
) -> Result<(), ServiceError> {
    let people: Vec<UserInput> = TEAMS
        .iter()
        .enumerate()
        .flat_map(|(t, team)| {
            (1..=PER_TEAM).map(move |i| {
                let n = t * PER_TEAM + i;
                simulee::caseworker(
                    format!("demo-{n:03}"),
                    format!("Demoansatt {n}"),
                    team,
                    "demo.invalid",
                )
            })
        })
        .collect();
    let principals = simulee::enrol(app.store(), &people, now)?;
    let thetas = crate::simulate::normal_thetas(people.len(), 2026);
    // Four threads: the answers of different people are independent (each person's own random
    // stream keeps the history reproducible), and their commits overlap with selection work.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .map_err(|e| ServiceError::Internal(format!("demo threads: {e}")))?;
    pool.install(|| {
        principals
            .par_iter()
            .zip(&thetas)
            .enumerate()
            .try_for_each(|(n, (principal, &theta))| {
                let mut rng = StdRng::seed_from_u64(2026 + n as u64);
                take(
                    app,
                    principal,
                    previous,
                    true,
                    theta,
                    previous_now,
                    usize::MAX,
                    &mut rng,
                )?;
                // This cycle: 7 in 10 done, 1 in 10 half-way, the rest not started.
                let answers = match n % 10 {
                    0..=6 => usize::MAX,
                    7 => 12,
                    _ => return Ok(()),
                };
                take(
                    app, principal, current, false, theta, now, answers, &mut rng,
                )
            })
    })
}

/// One simulated test of `principal` in `cycle`, stopping after `answers` answers.
#[allow(clippy::too_many_arguments)]
fn take(
    app: &App,
    principal: &Principal,
    cycle: &CycleRecord,
    previous: bool,
    theta: f64,
    now: Timestamp,
    answers: usize,
    rng: &mut StdRng,
) -> Result<(), ServiceError> {
    let bank = app.bank();
    let test = app.test_taking.start_test(principal, cycle.id, now)?;
    simulee::take_test(
        &app.test_taking,
        principal,
        test.id,
        now,
        answers,
        |shown| {
            let item = shown.item;
            let shift: f64 = PLANTED
                .iter()
                .filter(|(prefix, topic, _, when)| {
                    *when == previous
                        && principal.user.department.starts_with(prefix)
                        && bank.topics[item.topic].id == *topic
                })
                .map(|(_, _, shift, _)| shift)
                .sum();
            let right = rng.random::<f64>() < item.params.p(theta + shift);
            let n_options = shown.view.options.len();
            let option = if right {
                shown.key
            } else {
                (shown.key + 1 + rng.random_range(0..n_options - 1)) % n_options
            };
            simulee::Choice {
                option,
                response_ms: rng.random_range(15_000..90_000),
            }
        },
    )?;
    Ok(())
}

//! `forvalt serve --demo`: a small organisation to try everything with, created idempotently.
//!
//! Besides the users who log in, the demo has a history so the HR pages show real figures: 90
//! simulated caseworkers in six teams took the previous cycle's test two years ago and most of
//! them have taken this cycle's, through the same application calls as the browser, answering by a
//! simulated ability with planted weak topics (`Organisation::planted`, see
//! [`organisation`]). They have no password.

use jiff::{Timestamp, ToSpan};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::{App, Principal, ServiceError, hash_password, simulee};
use crate::store::{CycleRecord, Role, TestId, UserInput};

/// A demo user: (employee id, name, department, role, password).
pub type DemoUser = (&'static str, &'static str, &'static str, Role, &'static str);

/// A demo organisation: who logs in, the cycles, the simulated teams and their planted
/// weaknesses. One per language of the shipped banks ([`organisation`]).
#[derive(Debug)]
pub struct Organisation {
    /// The passwords are public (printed at start-up and in the README): a demo database must
    /// never hold real data.
    pub users: &'static [DemoUser],
    pub cycle: &'static str,
    pub previous_cycle: &'static str,
    /// Unit leaders among `users`: (employee id, the department path they lead). A leader is a
    /// caseworker who also sees completion and the topic report of that subtree (`/leder`).
    pub leaders: &'static [(&'static str, &'static str)],
    /// The simulated caseworkers' teams (level 3 of the tree), [`PER_TEAM`] people each.
    teams: &'static [&'static str; 6],
    /// Planted weaknesses: (department prefix, topic id, logit shift, previous cycle?).
    planted: &'static [(&'static str, &'static str, f64, bool)],
    /// "Demoansatt": the simulated people are named this and a number.
    simulated_name: &'static str,
}

/// The demo organisation of an installation in `language` (its bank's language).
pub fn organisation(language: crate::text::Form) -> &'static Organisation {
    if language.is_norwegian() {
        &NORWEGIAN
    } else {
        &DANISH
    }
}

/// A Norwegian child welfare agency. Område Sør is weak in innsyn now; Område Nord was weak in
/// habilitet last cycle and has caught up (a trend to see); Nord/Team 2 is weak in klage now.
pub static NORWEGIAN: Organisation = Organisation {
    users: &[
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
        (
            "leder1",
            "Tone Lie",
            "BUF/Område Nord",
            Role::Caseworker,
            "demo-leder",
        ),
    ],
    leaders: &[("leder1", "BUF/Område Nord")],
    cycle: "Demosyklus",
    previous_cycle: "Demosyklus 2024",
    teams: &[
        "BUF/Område Nord/Team 1",
        "BUF/Område Nord/Team 2",
        "BUF/Område Nord/Team 3",
        "BUF/Område Sør/Team 1",
        "BUF/Område Sør/Team 2",
        "BUF/Område Sør/Team 3",
    ],
    planted: &[
        ("BUF/Område Sør", "partsinnsyn", -1.2, false),
        ("BUF/Område Nord", "habilitet", -1.2, true),
        ("BUF/Område Nord/Team 2", "klage", -1.5, false),
    ],
    simulated_name: "Demoansatt",
};

/// A Danish municipal administration (the Danish bank). Center Syd is weak in partsaktindsigt
/// now; Center Nord was weak in inhabilitet last cycle and has caught up; Nord/Team 2 is weak in
/// klagevejledning now.
pub static DANISH: Organisation = Organisation {
    users: &[
        (
            "sagsbehandler1",
            "Mette Jensen",
            "KK/Socialforvaltningen/Center Nord/Team 3",
            Role::Caseworker,
            "demo-sagsbehandler",
        ),
        (
            "sagsbehandler2",
            "Lars Nielsen",
            "KK/Socialforvaltningen/Center Nord/Team 4",
            Role::Caseworker,
            "demo-sagsbehandler",
        ),
        (
            "sagsbehandler3",
            "Fatima Ali",
            "KK/Socialforvaltningen/Center Syd/Team 1",
            Role::Caseworker,
            "demo-sagsbehandler",
        ),
        (
            "hr1",
            "Anne Pedersen",
            "KK/Socialforvaltningen/HR",
            Role::Hr,
            "demo-hr",
        ),
        (
            "forfatter1",
            "Søren Madsen",
            "KK/Socialforvaltningen/Jura",
            Role::Author,
            "demo-forfatter",
        ),
        (
            "admin1",
            "Jens Larsen",
            "KK/Socialforvaltningen/IT",
            Role::Admin,
            "demo-admin",
        ),
        (
            "leder1",
            "Hanne Holm",
            "KK/Socialforvaltningen/Center Nord",
            Role::Caseworker,
            "demo-leder",
        ),
    ],
    leaders: &[("leder1", "KK/Socialforvaltningen/Center Nord")],
    cycle: "Demotestrunde",
    previous_cycle: "Demotestrunde 2024",
    teams: &[
        "KK/Socialforvaltningen/Center Nord/Team 1",
        "KK/Socialforvaltningen/Center Nord/Team 2",
        "KK/Socialforvaltningen/Center Nord/Team 3",
        "KK/Socialforvaltningen/Center Syd/Team 1",
        "KK/Socialforvaltningen/Center Syd/Team 2",
        "KK/Socialforvaltningen/Center Syd/Team 3",
    ],
    planted: &[
        (
            "KK/Socialforvaltningen/Center Syd",
            "partsaktindsigt",
            -1.2,
            false,
        ),
        (
            "KK/Socialforvaltningen/Center Nord",
            "inhabilitet",
            -1.2,
            true,
        ),
        (
            "KK/Socialforvaltningen/Center Nord/Team 2",
            "klagevejledning",
            -1.5,
            false,
        ),
    ],
    simulated_name: "Demomedarbejder",
};

/// The Norwegian demo's users (the default installation's).
pub const USERS: &[DemoUser] = NORWEGIAN.users;
pub const CYCLE_NAME: &str = NORWEGIAN.cycle;
pub const PREVIOUS_CYCLE_NAME: &str = NORWEGIAN.previous_cycle;

const PER_TEAM: usize = 15;
/// How many simulated caseworkers the demo has.
pub const SIMULATED_PEOPLE: usize = 6 * PER_TEAM;

/// Create the demo users (those missing) and an open cycle (if there is none by that name).
pub fn ensure(app: &App, now: Timestamp) -> Result<CycleRecord, ServiceError> {
    let org = organisation(app.bank().language);
    let store = app.store();
    let mut missing = Vec::new();
    for &(id, name, department, role, password) in org.users {
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
    // Only the leaders created now: an admin's later change of a demo user stays.
    let leads: Vec<(String, Option<String>)> = org
        .leaders
        .iter()
        .filter(|(id, _)| missing.iter().any(|u| u.employee_id == *id))
        .map(|&(id, unit)| (id.to_string(), Some(unit.to_string())))
        .collect();
    store.upsert_users(&missing, now)?;
    store.set_leads(&leads)?;
    if let Some(cycle) = store.cycles()?.into_iter().find(|c| c.name == org.cycle) {
        return Ok(cycle);
    }
    let today = super::test_taking::today(now);
    let opens = today.checked_sub(7.days()).unwrap_or(today);
    let deadline = today.checked_add(60.days()).unwrap_or(today);
    let previous_opens = opens.checked_sub(2.years()).unwrap_or(opens);
    let previous_deadline = deadline.checked_sub(2.years()).unwrap_or(deadline);
    let previous = store.add_cycle(org.previous_cycle, previous_opens, previous_deadline)?;
    let cycle = store.add_cycle(org.cycle, opens, deadline)?;
    let previous_now = now
        .checked_sub(jiff::SignedDuration::from_hours(2 * 365 * 24))
        .unwrap_or(now);
    tracing::info!(
        "demo: simulating two cycles of tests for {} caseworkers",
        org.teams.len() * PER_TEAM
    );
    seed_history(app, org, &previous, &cycle, previous_now, now)?;
    Ok(cycle)
}

/// The simulated caseworkers and their tests of both cycles.
fn seed_history(
    app: &App,
    org: &'static Organisation,
    previous: &CycleRecord,
    current: &CycleRecord,
    previous_now: Timestamp,
    now: Timestamp,
) -> Result<(), ServiceError> {
    let people: Vec<UserInput> = org
        .teams
        .iter()
        .enumerate()
        .flat_map(|(t, team)| {
            (1..=PER_TEAM).map(move |i| {
                let n = t * PER_TEAM + i;
                simulee::caseworker(
                    format!("demo-{n:03}"),
                    format!("{} {n}", org.simulated_name),
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
                    org,
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
                    app, org, principal, current, false, theta, now, answers, &mut rng,
                )
            })
    })
}

/// One simulated test of `principal` in `cycle`, stopping after `answers` answers.
#[allow(clippy::too_many_arguments)]
fn take(
    app: &App,
    org: &Organisation,
    principal: &Principal,
    cycle: &CycleRecord,
    previous: bool,
    theta: f64,
    now: Timestamp,
    answers: usize,
    rng: &mut StdRng,
) -> Result<(), ServiceError> {
    let bank = app.bank();
    let test = app
        .test_taking
        .start_test(principal, crate::store::CycleId(cycle.id), now)?;
    simulee::take_test(
        &app.test_taking,
        principal,
        TestId(test.id),
        now,
        answers,
        |shown| {
            let item = shown.item;
            let shift: f64 = org
                .planted
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

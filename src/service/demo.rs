//! `forvalt serve --demo`: a small organisation to try everything with, created idempotently.

use jiff::{Timestamp, ToSpan};

use super::{Service, ServiceError, hash_password};
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

/// Create the demo users (those missing) and an open cycle (if there is none by that name).
pub fn ensure(service: &Service, now: Timestamp) -> Result<CycleRecord, ServiceError> {
    let store = service.store();
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
    let today = super::testing::today(now);
    let opens = today.checked_sub(7.days()).unwrap_or(today);
    let deadline = today.checked_add(60.days()).unwrap_or(today);
    Ok(store.add_cycle(CYCLE_NAME, opens, deadline)?)
}

//! Users, departments, cycles and login sessions.

use jiff::Timestamp;
use redb::{ReadableTable, WriteTransaction};

use crate::text::Form;

use super::{
    CYCLES, CycleId, CycleRecord, DEPARTMENTS, DepartmentRecord, LOGIN_SESSIONS,
    LoginSessionRecord, Role, Store, StoreError, USER_BY_LOGIN, USERS, UserId, UserRecord, all,
    decode, encode, next_id,
};

/// Whether a cycle lets a caseworker start a test after its deadline
/// ([`CycleRecord::allow_late`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LateStart {
    Refused,
    Allowed,
}

/// A user as given to [`Store::upsert_users`]: created if the employee id is new, otherwise
/// updated (name, e-mail, department, role; the password is kept unless one is given).
#[derive(Debug, Clone, PartialEq)]
pub struct UserInput {
    pub employee_id: String,
    pub name: String,
    pub email: String,
    pub department: String,
    pub role: Role,
    pub password_hash: Option<String>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Store {
    /// Create or update all `users` in one transaction: either all are written or none.
    pub fn upsert_users(
        &self,
        users: &[UserInput],
        now: Timestamp,
    ) -> Result<UpsertSummary, StoreError> {
        self.write(|txn| {
            let mut summary = UpsertSummary::default();
            for input in users {
                let login = input.employee_id.trim().to_lowercase();
                ensure_department(txn, &input.department, now)?;
                let existing = txn
                    .open_table(USER_BY_LOGIN)?
                    .get(login.as_str())?
                    .map(|v| v.value());
                let record = match existing {
                    Some(id) => {
                        let old: UserRecord = get_user(txn, id)?;
                        let new = UserRecord {
                            name: input.name.clone(),
                            email: input.email.clone(),
                            department: input.department.clone(),
                            role: input.role,
                            password_hash: input
                                .password_hash
                                .clone()
                                .or(old.password_hash.clone()),
                            ..old.clone()
                        };
                        if new == old {
                            summary.unchanged += 1;
                            continue;
                        }
                        if new.password_hash != old.password_hash {
                            end_sessions(txn, id)?;
                        }
                        summary.updated += 1;
                        new
                    }
                    None => {
                        summary.created += 1;
                        let id = next_id(txn, "users")?;
                        txn.open_table(USER_BY_LOGIN)?.insert(login.as_str(), id)?;
                        UserRecord {
                            id,
                            employee_id: login.clone(),
                            name: input.name.clone(),
                            email: input.email.clone(),
                            department: input.department.clone(),
                            role: input.role,
                            password_hash: input.password_hash.clone(),
                            created_at: now,
                            malform: Default::default(),
                            leads: None,
                            deactivated_at: None,
                        }
                    }
                };
                txn.open_table(USERS)?
                    .insert(record.id, encode(&record).as_slice())?;
            }
            Ok(summary)
        })
    }

    pub fn user(&self, id: UserId) -> Result<Option<UserRecord>, StoreError> {
        self.read(|txn| {
            let users = txn.open_table(USERS)?;
            users
                .get(id.0)?
                .map(|v| decode("user", v.value()))
                .transpose()
        })
    }

    /// The user with this employee id (case-insensitive).
    pub fn user_by_login(&self, employee_id: &str) -> Result<Option<UserRecord>, StoreError> {
        let login = employee_id.trim().to_lowercase();
        let id = self.read(|txn| {
            Ok(txn
                .open_table(USER_BY_LOGIN)?
                .get(login.as_str())?
                .map(|v| v.value()))
        })?;
        match id {
            Some(id) => self.user(UserId(id)),
            None => Ok(None),
        }
    }

    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(USERS)?, "user"))
    }

    /// Replace a user's password hash and end the user's sessions (whoever knew the old password
    /// must not stay logged in). `false` if there is no such user.
    pub fn set_password(&self, employee_id: &str, hash: String) -> Result<bool, StoreError> {
        let login = employee_id.trim().to_lowercase();
        self.write(|txn| {
            let Some(id) = txn
                .open_table(USER_BY_LOGIN)?
                .get(login.as_str())?
                .map(|v| v.value())
            else {
                return Ok(false);
            };
            let mut user = get_user(txn, id)?;
            user.password_hash = Some(hash);
            txn.open_table(USERS)?
                .insert(id, encode(&user).as_slice())?;
            end_sessions(txn, id)?;
            super::password_links::revoke_links(txn, id, Timestamp::now())?;
            Ok(true)
        })
    }

    /// Deactivate (`Some(at)`) or reactivate (`None`) user `id`. Deactivating ends the user's
    /// sessions and revokes their set-password links in the same transaction. Returns the user
    /// before and after, or `None` if there is no such user.
    pub fn set_deactivated(
        &self,
        id: UserId,
        at: Option<Timestamp>,
    ) -> Result<Option<(UserRecord, UserRecord)>, StoreError> {
        self.write(|txn| {
            if txn.open_table(USERS)?.get(id.0)?.is_none() {
                return Ok(None);
            }
            let old = get_user(txn, id.0)?;
            let new = UserRecord {
                deactivated_at: match (old.deactivated_at, at) {
                    // Deactivating again keeps the first date.
                    (Some(first), Some(_)) => Some(first),
                    (_, at) => at,
                },
                ..old.clone()
            };
            write_user(txn, &old, &new, at.unwrap_or_else(Timestamp::now))?;
            Ok(Some((old, new)))
        })
    }

    /// Give user `id` another role. Returns the user before and after, or `None`.
    pub fn set_role(
        &self,
        id: UserId,
        role: Role,
    ) -> Result<Option<(UserRecord, UserRecord)>, StoreError> {
        self.write(|txn| {
            if txn.open_table(USERS)?.get(id.0)?.is_none() {
                return Ok(None);
            }
            let old = get_user(txn, id.0)?;
            let new = UserRecord {
                role,
                ..old.clone()
            };
            write_user(txn, &old, &new, Timestamp::now())?;
            Ok(Some((old, new)))
        })
    }

    /// Read every user, let `decide` choose the writes, and make them — all in ONE write
    /// transaction, so the decision is made on exactly what is written over (a roster sync
    /// applies all of its changes or none). `decide` may refuse (`Err`); nothing is written then.
    /// A deactivated user's sessions end and links are revoked in the same transaction.
    pub fn write_users<E>(
        &self,
        now: Timestamp,
        decide: impl FnOnce(&[UserRecord]) -> Result<Vec<UserWrite>, E>,
    ) -> Result<Result<usize, E>, StoreError> {
        self.write(|txn| {
            let users: Vec<UserRecord> = all(&txn.open_table(USERS)?, "user")?;
            let writes = match decide(&users) {
                Ok(writes) => writes,
                Err(e) => return Ok(Err(e)),
            };
            let n = writes.len();
            for write in writes {
                match write {
                    UserWrite::Create(record) => {
                        let login = record.employee_id.trim().to_lowercase();
                        if txn
                            .open_table(USER_BY_LOGIN)?
                            .get(login.as_str())?
                            .is_some()
                        {
                            return Err(StoreError::Conflict(format!(
                                "employee id \"{login}\" exists already"
                            )));
                        }
                        ensure_department(txn, &record.department, now)?;
                        let id = next_id(txn, "users")?;
                        txn.open_table(USER_BY_LOGIN)?.insert(login.as_str(), id)?;
                        let record = UserRecord {
                            id,
                            employee_id: login,
                            created_at: now,
                            ..record
                        };
                        txn.open_table(USERS)?
                            .insert(id, encode(&record).as_slice())?;
                    }
                    UserWrite::Update(record) => {
                        let old = get_user(txn, record.id)?;
                        if old.employee_id != record.employee_id {
                            return Err(StoreError::Conflict(format!(
                                "user {} cannot change employee id",
                                record.id
                            )));
                        }
                        ensure_department(txn, &record.department, now)?;
                        write_user(txn, &old, &record, now)?;
                    }
                }
            }
            Ok(Ok(n))
        })
    }

    /// Record the målform a user chose (on the home page). `false` if there is no such user.
    pub fn set_chosen_malform(&self, user_id: UserId, form: Form) -> Result<bool, StoreError> {
        let user_id = user_id.0;
        self.write(|txn| {
            if txn.open_table(USERS)?.get(user_id)?.is_none() {
                return Ok(false);
            }
            let mut user = get_user(txn, user_id)?;
            user.malform.chosen = Some(form);
            txn.open_table(USERS)?
                .insert(user_id, encode(&user).as_slice())?;
            Ok(true)
        })
    }

    /// Set the målform the roster gives for each (employee id, form) in one transaction; a
    /// person's own choice is kept. Returns how many users changed; unknown ids are skipped
    /// (the roster import creates its users first).
    pub fn set_roster_malform(
        &self,
        forms: &[(String, Option<Form>)],
    ) -> Result<usize, StoreError> {
        self.write(|txn| {
            let mut changed = 0;
            for (employee_id, form) in forms {
                let login = employee_id.trim().to_lowercase();
                let Some(id) = txn
                    .open_table(USER_BY_LOGIN)?
                    .get(login.as_str())?
                    .map(|v| v.value())
                else {
                    continue;
                };
                let mut user = get_user(txn, id)?;
                if user.malform.roster != *form {
                    user.malform.roster = *form;
                    txn.open_table(USERS)?
                        .insert(id, encode(&user).as_slice())?;
                    changed += 1;
                }
            }
            Ok(changed)
        })
    }

    /// Set which departments people lead (`None`: no longer a leader), all in one
    /// transaction. Returns the employee ids that do not exist (nothing is written then).
    pub fn set_leads(&self, leads: &[(String, Option<String>)]) -> Result<Vec<String>, StoreError> {
        self.write(|txn| {
            let mut missing = Vec::new();
            let mut changed = Vec::new();
            for (employee_id, unit) in leads {
                let login = employee_id.trim().to_lowercase();
                let id = txn
                    .open_table(USER_BY_LOGIN)?
                    .get(login.as_str())?
                    .map(|v| v.value());
                match id {
                    Some(id) => {
                        let mut user = get_user(txn, id)?;
                        if user.leads != *unit {
                            user.leads = unit.clone();
                            changed.push(user);
                        }
                    }
                    None => missing.push(employee_id.clone()),
                }
            }
            if missing.is_empty() {
                let mut users = txn.open_table(USERS)?;
                for user in changed {
                    users.insert(user.id, encode(&user).as_slice())?;
                }
            }
            Ok(missing)
        })
    }

    pub fn departments(&self) -> Result<Vec<DepartmentRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(DEPARTMENTS)?, "department"))
    }

    /// Add a cycle. Names are unique: adding an existing name with the same dates returns the
    /// existing cycle; with other dates it is a conflict.
    pub fn add_cycle(
        &self,
        name: &str,
        opens: jiff::civil::Date,
        deadline: jiff::civil::Date,
    ) -> Result<CycleRecord, StoreError> {
        self.write(|txn| {
            let existing: Vec<CycleRecord> = all(&txn.open_table(CYCLES)?, "cycle")?;
            if let Some(c) = existing.into_iter().find(|c| c.name == name) {
                return if c.opens == opens && c.deadline == deadline {
                    Ok(c)
                } else {
                    Err(StoreError::Conflict(format!(
                        "a cycle named \"{name}\" already exists ({} – {})",
                        c.opens, c.deadline
                    )))
                };
            }
            let cycle = CycleRecord {
                id: next_id(txn, "cycles")?,
                name: name.to_string(),
                opens,
                deadline,
                allow_late: false,
                grace_days: None,
                min_people: None,
            };
            txn.open_table(CYCLES)?
                .insert(cycle.id, encode(&cycle).as_slice())?;
            Ok(cycle)
        })
    }

    /// Set a cycle's late completion (whether a test may be started after the deadline, and
    /// the grace days to resume a started one); `None` if no cycle has that name.
    pub fn set_cycle_late(
        &self,
        name: &str,
        late: LateStart,
        grace_days: Option<u32>,
    ) -> Result<Option<CycleRecord>, StoreError> {
        let allow_late = late == LateStart::Allowed;
        self.write(|txn| {
            let existing: Vec<CycleRecord> = all(&txn.open_table(CYCLES)?, "cycle")?;
            let Some(mut cycle) = existing.into_iter().find(|c| c.name == name) else {
                return Ok(None);
            };
            cycle.allow_late = allow_late;
            cycle.grace_days = grace_days;
            txn.open_table(CYCLES)?
                .insert(cycle.id, encode(&cycle).as_slice())?;
            Ok(Some(cycle))
        })
    }

    /// All cycles, in id order.
    pub fn cycles(&self) -> Result<Vec<CycleRecord>, StoreError> {
        self.read(|txn| all(&txn.open_table(CYCLES)?, "cycle"))
    }

    pub fn cycle(&self, id: CycleId) -> Result<Option<CycleRecord>, StoreError> {
        self.read(|txn| {
            txn.open_table(CYCLES)?
                .get(id.0)?
                .map(|v| decode("cycle", v.value()))
                .transpose()
        })
    }

    /// Store a login. Through the committer: at a deadline many log in at once, and their
    /// logins then share durable commits with the answers.
    pub fn put_login_session(
        &self,
        token_hash: &str,
        session: &LoginSessionRecord,
    ) -> Result<(), StoreError> {
        let (key, value) = (token_hash.to_string(), encode(session));
        self.committer.run(move |txn| {
            txn.open_table(LOGIN_SESSIONS)?
                .insert(key.as_str(), value.as_slice())?;
            Ok(())
        })
    }

    /// A login and its user, read together (every request of a logged-in user asks this).
    pub fn login_session_user(
        &self,
        token_hash: &str,
    ) -> Result<Option<(LoginSessionRecord, Option<UserRecord>)>, StoreError> {
        self.read(|txn| {
            let Some(session) = txn.open_table(LOGIN_SESSIONS)?.get(token_hash)? else {
                return Ok(None);
            };
            let session: LoginSessionRecord = decode("login session", session.value())?;
            let user = txn
                .open_table(USERS)?
                .get(session.user_id)?
                .map(|v| decode("user", v.value()))
                .transpose()?;
            Ok(Some((session, user)))
        })
    }

    pub fn login_session(
        &self,
        token_hash: &str,
    ) -> Result<Option<LoginSessionRecord>, StoreError> {
        self.read(|txn| {
            txn.open_table(LOGIN_SESSIONS)?
                .get(token_hash)?
                .map(|v| decode("login session", v.value()))
                .transpose()
        })
    }

    pub fn delete_login_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.write(|txn| {
            txn.open_table(LOGIN_SESSIONS)?.remove(token_hash)?;
            Ok(())
        })
    }

    /// Change the cycles in one write transaction: `change` sees every cycle (id order) and
    /// returns the record to store (id 0: a new cycle, which gets the next id), `Ok(None)` to
    /// store nothing, or its own error, which changes nothing. Checking and writing in one
    /// transaction keeps two administrators from slipping a duplicate name past each other.
    pub fn change_cycles<E>(
        &self,
        change: impl FnOnce(&[CycleRecord]) -> Result<Option<CycleRecord>, E>,
    ) -> Result<Result<Option<CycleRecord>, E>, StoreError> {
        self.write(|txn| {
            let existing: Vec<CycleRecord> = all(&txn.open_table(CYCLES)?, "cycle")?;
            let mut cycle = match change(&existing) {
                Ok(Some(cycle)) => cycle,
                other => return Ok(other),
            };
            if cycle.id == 0 {
                cycle.id = next_id(txn, "cycles")?;
            }
            txn.open_table(CYCLES)?
                .insert(cycle.id, encode(&cycle).as_slice())?;
            Ok(Ok(Some(cycle)))
        })
    }
}

/// One write of [`Store::write_users`].
#[derive(Debug, Clone, PartialEq)]
pub enum UserWrite {
    /// A new user (`id` and `created_at` are assigned; the employee id must be new).
    Create(UserRecord),
    /// A changed user, matched by `id` (the employee id cannot change).
    Update(UserRecord),
}

/// Store `new` over `old`; a user deactivated by this write loses sessions and links.
fn write_user(
    txn: &WriteTransaction,
    old: &UserRecord,
    new: &UserRecord,
    now: Timestamp,
) -> Result<(), StoreError> {
    txn.open_table(USERS)?
        .insert(new.id, encode(new).as_slice())?;
    if old.is_active() && !new.is_active() {
        end_sessions(txn, new.id)?;
        super::password_links::revoke_links(txn, new.id, now)?;
    }
    Ok(())
}

pub(super) fn get_user(txn: &WriteTransaction, id: u64) -> Result<UserRecord, StoreError> {
    let users = txn.open_table(USERS)?;
    let value = users
        .get(id)?
        .ok_or_else(|| StoreError::Conflict(format!("user {id} is indexed but missing")))?;
    decode("user", value.value())
}

/// Create the department and every parent path ("BUF", "BUF/Område Nord", …) if missing.
fn ensure_department(txn: &WriteTransaction, path: &str, now: Timestamp) -> Result<(), StoreError> {
    let mut table = txn.open_table(DEPARTMENTS)?;
    let parts: Vec<&str> = path.split('/').map(str::trim).collect();
    for n in 1..=parts.len() {
        let prefix = parts[..n].join("/");
        if table.get(prefix.as_str())?.is_none() {
            let record = DepartmentRecord {
                path: prefix.clone(),
                created_at: now,
            };
            table.insert(prefix.as_str(), encode(&record).as_slice())?;
        }
    }
    Ok(())
}

/// Remove every login session of user `id` (in the caller's transaction).
pub(super) fn end_sessions(txn: &redb::WriteTransaction, id: u64) -> Result<usize, StoreError> {
    let mut table = txn.open_table(LOGIN_SESSIONS)?;
    let mut ended = 0;
    table.retain(|_, value| {
        let mine =
            serde_json::from_slice::<LoginSessionRecord>(value).is_ok_and(|s| s.user_id == id);
        ended += usize::from(mine);
        !mine
    })?;
    Ok(ended)
}

//! `forvalt users import`: a roster CSV turned into users, checked row by row.
//!
//! Columns (header required, any order, extra columns ignored):
//! `employee_id,name,email,department,role`, and optionally `malform` (`nb`/`nn`). Every row is checked before anything is written,
//! and the import is one transaction, so a roster with a bad row imports nothing.

use std::collections::HashMap;

/// The people administration shared by the roster sync, the admin pages and the command line
/// (defined with the accounts).
pub use super::auth::{
    Actor, DEPARTMENT_MAX_CHARS, DepartmentProblem, LinkDelivery, LinkProblem, PEOPLE_PER_PAGE,
    PeoplePage, action_audit, clean_department,
};

use jiff::Timestamp;

use super::ServiceError;
use crate::store::{Role, Store, UserId, UserInput, UserRecord, UserWrite};
use crate::text::Form;

/// A problem with one row; `line` is the line number in the file (the header is line 1).
/// Shown as `line N: problem` in English on the command line (its `Display`), and in the
/// administrator's form on `/admin/roster` ([`RowProblem::message`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problem: RowProblem,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// What is wrong with a roster row, with the values it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The CSV reader could not read the row (its own English explanation).
    Unreadable(String),
    MissingColumn(String),
    EmptyEmployeeId,
    EmployeeIdSpace(String),
    DuplicateEmployeeId {
        employee_id: String,
        first_line: u64,
    },
    EmptyName,
    BadEmail(String),
    EmptyDepartment,
    DepartmentEmptyPart(String),
    BadRole(String),
    /// A problem with the `leads` column's department.
    Leads(Box<RowProblem>),
    BadMalform(String),
}

impl RowProblem {
    /// The problem as the admin page says it, in `form`.
    pub fn message(&self, form: Form) -> String {
        let t = &form.texts().refusals.rows;
        match self {
            RowProblem::Unreadable(why) => (t.unreadable)(why),
            RowProblem::MissingColumn(c) => (t.missing_column)(c),
            RowProblem::EmptyEmployeeId => t.empty_employee_id.to_string(),
            RowProblem::EmployeeIdSpace(id) => (t.employee_id_space)(id),
            RowProblem::DuplicateEmployeeId {
                employee_id,
                first_line,
            } => (t.duplicate_employee_id)(employee_id, *first_line),
            RowProblem::EmptyName => t.empty_name.to_string(),
            RowProblem::BadEmail(e) => (t.bad_email)(e),
            RowProblem::EmptyDepartment => t.empty_department.to_string(),
            RowProblem::DepartmentEmptyPart(p) => (t.department_empty_part)(p),
            RowProblem::BadRole(r) => (t.bad_role)(r),
            RowProblem::Leads(p) => (t.leads)(&p.message(form)),
            RowProblem::BadMalform(f) => (t.bad_malform)(f),
        }
    }
}

/// In English, for the command line.
impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowProblem::Unreadable(why) => write!(f, "{why}"),
            RowProblem::MissingColumn(c) => write!(f, "missing column \"{c}\""),
            RowProblem::EmptyEmployeeId => write!(f, "employee_id is empty"),
            RowProblem::EmployeeIdSpace(id) => {
                write!(f, "employee_id \"{id}\" contains white space")
            }
            RowProblem::DuplicateEmployeeId {
                employee_id,
                first_line,
            } => write!(f, "employee_id \"{employee_id}\" also on line {first_line}"),
            RowProblem::EmptyName => write!(f, "name is empty"),
            RowProblem::BadEmail(e) => write!(f, "email \"{e}\" is not an e-mail address"),
            RowProblem::EmptyDepartment => write!(f, "department is empty"),
            RowProblem::DepartmentEmptyPart(p) => write!(
                f,
                "department \"{p}\" has an empty part (write it like \"BUF/Område Nord/Team 3\")"
            ),
            RowProblem::BadRole(r) => {
                write!(
                    f,
                    "role \"{r}\" is not one of caseworker, hr, author, admin"
                )
            }
            RowProblem::Leads(p) => write!(f, "leads: {p}"),
            RowProblem::BadMalform(m) => write!(f, "malform \"{m}\" is not nb or nn"),
        }
    }
}

const COLUMNS: [&str; 5] = ["employee_id", "name", "email", "department", "role"];

/// Parse and check a roster. Imported users get no password; an admin sets one with
/// `forvalt users reset-password`.
pub fn parse(text: &str) -> Result<Vec<UserInput>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                problem: RowProblem::Unreadable(e.to_string()),
            }]);
        }
    };
    let mut index = HashMap::new();
    let mut errors = Vec::new();
    for column in COLUMNS {
        match header.iter().position(|h| h.eq_ignore_ascii_case(column)) {
            Some(ix) => {
                index.insert(column, ix);
            }
            None => errors.push(RowError {
                line: 1,
                problem: RowProblem::MissingColumn(column.to_string()),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut users = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(RowError {
                    line,
                    problem: RowProblem::Unreadable(e.to_string()),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |name: &str| record.get(index[name]).unwrap_or("").to_string();
        let mut problems = Vec::new();
        let employee_id = field("employee_id").to_lowercase();
        if employee_id.is_empty() {
            problems.push(RowProblem::EmptyEmployeeId);
        } else if employee_id.chars().any(char::is_whitespace) {
            problems.push(RowProblem::EmployeeIdSpace(employee_id.clone()));
        } else if let Some(first) = seen.insert(employee_id.clone(), line) {
            problems.push(RowProblem::DuplicateEmployeeId {
                employee_id: employee_id.clone(),
                first_line: first,
            });
        }
        let name = field("name");
        if name.is_empty() {
            problems.push(RowProblem::EmptyName);
        }
        let email = field("email");
        if !email.contains('@') {
            problems.push(RowProblem::BadEmail(email.clone()));
        }
        let department = field("department");
        if let Some(problem) = department_problem(&department) {
            problems.push(problem);
        }
        let role = Role::parse(&field("role"));
        if role.is_none() {
            problems.push(RowProblem::BadRole(field("role")));
        }
        match (problems.is_empty(), role) {
            (true, Some(role)) => users.push(UserInput {
                employee_id,
                name,
                email,
                department,
                role,
                password_hash: None,
            }),
            _ => errors.extend(
                problems
                    .into_iter()
                    .map(|problem| RowError { line, problem }),
            ),
        }
    }
    if errors.is_empty() {
        Ok(users)
    } else {
        Err(errors)
    }
}

/// An employee id and the department the person leads (`None`: none).
pub type Leads = (String, Option<String>);

/// The optional `leads` column: for each row, the department the person leads (empty: none).
/// `Ok(None)` when the roster has no such column (leaders are then left as they are). Checked
/// like the departments, before anything is written.
pub fn parse_leads(text: &str) -> Result<Option<Vec<Leads>>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers().cloned() else {
        return Ok(None);
    };
    let (Some(id_ix), Some(leads_ix)) = (
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case("employee_id")),
        header.iter().position(|h| h.eq_ignore_ascii_case("leads")),
    ) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records().flatten() {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let employee_id = record.get(id_ix).unwrap_or("").to_lowercase();
        let unit = record.get(leads_ix).unwrap_or("").to_string();
        if unit.is_empty() {
            out.push((employee_id, None));
        } else {
            match department_problem(&unit) {
                None => out.push((employee_id, Some(unit))),
                Some(problem) => errors.push(RowError {
                    line,
                    problem: RowProblem::Leads(Box::new(problem)),
                }),
            }
        }
    }
    if errors.is_empty() {
        Ok(Some(out))
    } else {
        Err(errors)
    }
}

/// (employee id, målform or none) per roster row.
pub type RosterForms = Vec<(String, Option<Form>)>;

/// The optional `malform` column (`nb`, `nn` or empty): the written form each person gets
/// unless they choose another on the home page. `None` when the roster has no such column (then
/// an import leaves every person's form as it is); an empty cell clears the roster's form.
pub fn parse_malform(text: &str) -> Result<Option<RosterForms>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers().cloned() else {
        return Ok(None); // `parse` reports the header
    };
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(id_ix), Some(form_ix)) = (column("employee_id"), column("malform")) else {
        return Ok(None);
    };
    let mut forms = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records().flatten() {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let value = record.get(form_ix).unwrap_or("");
        let form = match value {
            "" => None,
            text => match Form::parse(text).filter(Form::is_norwegian) {
                Some(form) => Some(form),
                None => {
                    errors.push(RowError {
                        line,
                        problem: RowProblem::BadMalform(text.to_string()),
                    });
                    continue;
                }
            },
        };
        let employee_id = record.get(id_ix).unwrap_or("").to_lowercase();
        forms.push((employee_id, form));
    }
    if errors.is_empty() {
        Ok(Some(forms))
    } else {
        Err(errors)
    }
}

/// A department is a path of non-empty names separated by `/` (the problem in English, for the
/// command line).
pub fn check_department(path: &str) -> Result<(), String> {
    department_problem(path).map_or(Ok(()), |p| Err(p.to_string()))
}

/// What is wrong with a department path, if anything.
pub fn department_problem(path: &str) -> Option<RowProblem> {
    if path.trim().is_empty() {
        return Some(RowProblem::EmptyDepartment);
    }
    if path.split('/').any(|part| part.trim().is_empty()) {
        return Some(RowProblem::DepartmentEmptyPart(path.to_string()));
    }
    None
}

/// One roster row with its optional columns: `leads`/`malform` are `None` when the roster has
/// no such column (then the person's value is left as it is).
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub input: UserInput,
    pub leads: Option<Option<String>>,
    pub malform: Option<Option<Form>>,
}

/// Parse a roster with every column, all problems as `line: message`.
pub fn parse_rows(text: &str) -> Result<Vec<RosterRow>, Vec<RowError>> {
    let mut errors = Vec::new();
    let users = parse(text).map_err(|e| errors.extend(e)).ok();
    let leads = parse_leads(text).map_err(|e| errors.extend(e)).ok();
    let forms = parse_malform(text).map_err(|e| errors.extend(e)).ok();
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let users = users.unwrap_or_default();
    let leads: Option<HashMap<String, Option<String>>> =
        leads.flatten().map(|l| l.into_iter().collect());
    let forms: Option<HashMap<String, Option<Form>>> =
        forms.flatten().map(|f| f.into_iter().collect());
    Ok(users
        .into_iter()
        .map(|input| RosterRow {
            leads: leads
                .as_ref()
                .map(|l| l.get(&input.employee_id).cloned().flatten()),
            malform: forms
                .as_ref()
                .map(|f| f.get(&input.employee_id).copied().flatten()),
            input,
        })
        .collect())
}

/// One field that a sync changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    /// `name`, `email`, `department` (a move), `role`, `leads`, `malform` or `status`.
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// A person the sync changes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonChange {
    pub employee_id: String,
    pub name: String,
    pub changes: Vec<FieldChange>,
}

/// What a roster sync would do (the preview), computed from the roster and the people in the
/// database; applying it is [`apply_sync`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SyncPlan {
    /// New people: employee id, name, department, role.
    pub new: Vec<(String, String, String, &'static str)>,
    /// Changed people, returning leavers (status → active) among them.
    pub changes: Vec<PersonChange>,
    /// Active in the database, not in the roster: deactivated (never deleted).
    pub leavers: Vec<(String, String, String)>,
    pub unchanged: usize,
    /// Of the database's people as the plan saw them ([`people_digest`]): applying a previewed
    /// plan is refused when it differs.
    pub digest: String,
}

impl SyncPlan {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.changes.is_empty() && self.leavers.is_empty()
    }

    /// The preview as text (the command line prints it; the page shows the same lists).
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = format!(
            "{} new, {} changed, {} leaver(s), {} unchanged\n",
            self.new.len(),
            self.changes.len(),
            self.leavers.len(),
            self.unchanged
        );
        for (id, name, department, role) in &self.new {
            let _ = writeln!(out, "  new     {id}\t{name}\t{department}\t{role}");
        }
        for change in &self.changes {
            let fields: Vec<String> = change
                .changes
                .iter()
                .map(|c| {
                    let label = if c.field == "department" {
                        "department (move)"
                    } else {
                        c.field
                    };
                    format!("{label}: {} → {}", show(&c.old), show(&c.new))
                })
                .collect();
            let _ = writeln!(
                out,
                "  changed {}\t{}\t{}",
                change.employee_id,
                change.name,
                fields.join("; ")
            );
        }
        for (id, name, department) in &self.leavers {
            let _ = writeln!(
                out,
                "  leaver  {id}\t{name}\t{department}\t(deactivated, not deleted)"
            );
        }
        out
    }
}

fn show(value: &str) -> &str {
    if value.is_empty() { "–" } else { value }
}

/// A digest of what a sync reads of each person (employee id, name, e-mail, department, role,
/// leads, the roster's målform, active), so that a preview can be applied only to the same
/// people. A person's own målform choice or password does not count.
pub fn people_digest(users: &[UserRecord]) -> String {
    use blake2::{Blake2b512, Digest};
    let mut sorted: Vec<&UserRecord> = users.iter().collect();
    sorted.sort_by_key(|u| u.id);
    let mut hasher = Blake2b512::new();
    for u in sorted {
        let line = serde_json::json!([
            u.id,
            u.employee_id,
            u.name,
            u.email,
            u.department,
            u.role.as_str(),
            u.leads,
            u.malform.roster.map(|f| f.code()),
            u.is_active()
        ]);
        hasher.update(line.to_string().as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The plan and the writes that carry it out (pure).
pub fn plan(
    users: &[UserRecord],
    rows: &[RosterRow],
    now: Timestamp,
) -> (SyncPlan, Vec<UserWrite>) {
    let mut plan = SyncPlan {
        digest: people_digest(users),
        ..SyncPlan::default()
    };
    let mut writes = Vec::new();
    let by_login: HashMap<&str, &UserRecord> =
        users.iter().map(|u| (u.employee_id.as_str(), u)).collect();
    let in_roster: std::collections::HashSet<&str> =
        rows.iter().map(|r| r.input.employee_id.as_str()).collect();
    for row in rows {
        let input = &row.input;
        let Some(old) = by_login.get(input.employee_id.as_str()) else {
            plan.new.push((
                input.employee_id.clone(),
                input.name.clone(),
                input.department.clone(),
                input.role.as_str(),
            ));
            writes.push(UserWrite::Create(UserRecord {
                id: 0,
                employee_id: input.employee_id.clone(),
                name: input.name.clone(),
                email: input.email.clone(),
                department: input.department.clone(),
                role: input.role,
                password_hash: None,
                created_at: now,
                leads: row.leads.clone().flatten(),
                malform: crate::store::Malform {
                    roster: row.malform.flatten(),
                    chosen: None,
                },
                deactivated_at: None,
            }));
            continue;
        };
        let mut new = (*old).clone();
        new.name = input.name.clone();
        new.email = input.email.clone();
        new.department = input.department.clone();
        new.role = input.role;
        if let Some(leads) = &row.leads {
            new.leads = leads.clone();
        }
        if let Some(form) = row.malform {
            new.malform.roster = form;
        }
        new.deactivated_at = None;
        let mut changes = Vec::new();
        let mut field = |field: &'static str, old: String, new: String| {
            if old != new {
                changes.push(FieldChange { field, old, new });
            }
        };
        field("name", old.name.clone(), new.name.clone());
        field("email", old.email.clone(), new.email.clone());
        field("department", old.department.clone(), new.department.clone());
        field("role", old.role.as_str().into(), new.role.as_str().into());
        field(
            "leads",
            old.leads.clone().unwrap_or_default(),
            new.leads.clone().unwrap_or_default(),
        );
        field(
            "malform",
            old.malform
                .roster
                .map(|f| f.code().to_string())
                .unwrap_or_default(),
            new.malform
                .roster
                .map(|f| f.code().to_string())
                .unwrap_or_default(),
        );
        let status = |u: &UserRecord| {
            if u.is_active() {
                "active"
            } else {
                "deactivated"
            }
        };
        field("status", status(old).into(), status(&new).into());
        if changes.is_empty() {
            plan.unchanged += 1;
        } else {
            plan.changes.push(PersonChange {
                employee_id: new.employee_id.clone(),
                name: new.name.clone(),
                changes,
            });
            writes.push(UserWrite::Update(new));
        }
    }
    let mut leavers: Vec<&UserRecord> = users
        .iter()
        .filter(|u| u.is_active() && !in_roster.contains(u.employee_id.as_str()))
        .collect();
    leavers.sort_by(|a, b| (&a.department, &a.name).cmp(&(&b.department, &b.name)));
    for user in leavers {
        plan.leavers.push((
            user.employee_id.clone(),
            user.name.clone(),
            user.department.clone(),
        ));
        writes.push(UserWrite::Update(UserRecord {
            deactivated_at: Some(now),
            ..user.clone()
        }));
    }
    (plan, writes)
}

/// Why a sync was not applied.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncRefusal {
    /// The roster has bad rows (nothing changes).
    Rows(Vec<RowError>),
    /// The people changed since the preview (its digest differs).
    Changed,
    /// The plan would deactivate the administrator applying it.
    SelfLockout,
}

/// The preview of a sync: nothing is written.
pub fn preview(
    store: &Store,
    text: &str,
    now: Timestamp,
) -> Result<Result<SyncPlan, Vec<RowError>>, ServiceError> {
    let rows = match parse_rows(text) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(Ok(plan(&store.users()?, &rows, now).0))
}

/// Apply a sync in ONE transaction: every new person, change and leaver, or nothing. With
/// `expected` (the digest of a preview) it is refused if the people changed since. Idempotent:
/// a second apply of the same roster changes nothing. Audited (one entry with the counts).
pub fn apply_sync(
    store: &Store,
    actor: &Actor,
    text: &str,
    expected: Option<&str>,
    now: Timestamp,
) -> Result<Result<SyncPlan, SyncRefusal>, ServiceError> {
    let rows = match parse_rows(text) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(SyncRefusal::Rows(errors))),
    };
    let mut applied = None;
    let outcome = store.write_users(now, |users| {
        let (plan, writes) = plan(users, &rows, now);
        if expected.is_some_and(|d| d != plan.digest) {
            return Err(SyncRefusal::Changed);
        }
        if let Actor::User(me) = actor
            && plan.leavers.iter().any(|(id, ..)| *id == me.employee_id)
        {
            return Err(SyncRefusal::SelfLockout);
        }
        applied = Some(plan);
        Ok(writes)
    })?;
    if let Err(refusal) = outcome {
        return Ok(Err(refusal));
    }
    let plan = applied.expect("set when the writes were made");
    if !plan.is_empty() {
        store.append_audit(&action_audit(
            actor,
            "/admin/roster",
            None,
            &format!(
                "roster brukt: {} nye, {} endret, {} sluttet",
                plan.new.len(),
                plan.changes.len(),
                plan.leavers.len()
            ),
            now,
        ))?;
    }
    Ok(Ok(plan))
}

/// Deactivate or reactivate `user` from the command line (audited when it changes).
fn set_active(
    store: &Store,
    actor: &Actor,
    user: &UserRecord,
    activation: super::Activation,
    now: Timestamp,
) -> Result<String, String> {
    let active = activation == super::Activation::Reactivate;
    let (old, new) = store
        .set_deactivated(UserId(user.id), (!active).then_some(now))
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user with employee id \"{}\"", user.employee_id))?;
    if old.is_active() == new.is_active() {
        return Ok(format!(
            "{}: already {}\n",
            user.employee_id,
            if active { "active" } else { "deactivated" }
        ));
    }
    let (path, what) = if active {
        ("reactivate", "reaktivert")
    } else {
        ("deactivate", "deaktivert")
    };
    store
        .append_audit(&action_audit(
            actor,
            &format!("/ops/users/{path}"),
            Some(&new),
            what,
            now,
        ))
        .map_err(|e| e.to_string())?;
    Ok(if active {
        format!("{}: reactivated\n", user.employee_id)
    } else {
        format!(
            "{}: deactivated; sessions ended, tests kept\n",
            user.employee_id
        )
    })
}

/// A `forvalt users …` command as the database runs it: the same whether the command line
/// opened the file itself or sent the request to the running server (`POST /ops/users`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum UsersRequest {
    /// Create or update from a roster (no leavers).
    Import {
        name: String,
        text: String,
    },
    /// Preview a sync (`apply: false`) or apply it.
    Sync {
        name: String,
        text: String,
        apply: bool,
    },
    /// Add or update one person with a password hash.
    Add {
        employee_id: String,
        name: String,
        email: String,
        department: String,
        role: String,
        password_hash: String,
    },
    /// Set a password hash (ends the person's sessions and links).
    ResetPassword {
        employee_id: String,
        password_hash: String,
    },
    Deactivate {
        employee_id: String,
    },
    Reactivate {
        employee_id: String,
    },
    List,
}

/// Run `request` on `store`; the text to print, or the error. `name` of a roster is how its
/// lines are named in errors (`roster.csv:3: …`).
pub fn execute(
    store: &Store,
    actor: &Actor,
    request: UsersRequest,
    now: Timestamp,
) -> Result<String, String> {
    let rows_error = |name: &str, what: &str, errors: Vec<RowError>| {
        let lines: Vec<String> = errors.iter().map(|e| format!("{name}:{e}")).collect();
        format!("{what}; {} problem(s):\n{}", errors.len(), lines.join("\n"))
    };
    let by_login = |employee_id: &str| -> Result<UserRecord, String> {
        store
            .user_by_login(employee_id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no user with employee id \"{employee_id}\""))
    };
    match request {
        UsersRequest::Import { name, text } => {
            let users = parse(&text).map_err(|e| rows_error(&name, "nothing imported", e))?;
            let leads = parse_leads(&text).map_err(|e| rows_error(&name, "nothing imported", e))?;
            let forms =
                parse_malform(&text).map_err(|e| rows_error(&name, "nothing imported", e))?;
            let summary = store.upsert_users(&users, now).map_err(|e| e.to_string())?;
            if let Some(leads) = leads {
                store.set_leads(&leads).map_err(|e| e.to_string())?;
            }
            let mut out = String::new();
            if let Some(forms) = forms {
                let changed = store
                    .set_roster_malform(&forms)
                    .map_err(|e| e.to_string())?;
                out.push_str(&format!(
                    "målform from the roster changed for {changed} user(s)\n"
                ));
            }
            out.push_str(&format!(
                "{} created, {} updated, {} unchanged\n",
                summary.created, summary.updated, summary.unchanged
            ));
            if summary.created > 0 {
                out.push_str(
                    "new users have no password yet: invitations carry a set-password link, or \
                     `forvalt users reset-password <employee_id>`\n",
                );
            }
            Ok(out)
        }
        UsersRequest::Sync { name, text, apply } => {
            if !apply {
                let plan = preview(store, &text, now)
                    .map_err(|e| e.to_string())?
                    .map_err(|e| rows_error(&name, "nothing changed", e))?;
                return Ok(format!(
                    "Preview (nothing changed; apply with --apply): {}",
                    plan.to_text()
                ));
            }
            match apply_sync(store, actor, &text, None, now).map_err(|e| e.to_string())? {
                Ok(plan) if plan.is_empty() => Ok("Applied: no changes.\n".to_string()),
                Ok(plan) => Ok(format!("Applied: {}", plan.to_text())),
                Err(SyncRefusal::Rows(errors)) => Err(rows_error(&name, "nothing changed", errors)),
                Err(other) => Err(format!("nothing changed: {other:?}")),
            }
        }
        UsersRequest::Add {
            employee_id,
            name,
            email,
            department,
            role,
            password_hash,
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                format!("role \"{role}\" is not one of caseworker, hr, author, admin")
            })?;
            check_department(&department)?;
            let user = UserInput {
                employee_id: employee_id.clone(),
                name,
                email,
                department,
                role,
                password_hash: Some(password_hash),
            };
            store
                .upsert_users(&[user], now)
                .map_err(|e| e.to_string())?;
            Ok(format!("{employee_id}: saved\n"))
        }
        UsersRequest::ResetPassword {
            employee_id,
            password_hash,
        } => {
            let user = by_login(&employee_id)?;
            store
                .set_password(&employee_id, password_hash)
                .map_err(|e| e.to_string())?;
            store
                .append_audit(&action_audit(
                    actor,
                    "/ops/users/reset-password",
                    Some(&user),
                    "nytt passord",
                    now,
                ))
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "{employee_id}: password replaced; sessions ended\n"
            ))
        }
        UsersRequest::Deactivate { employee_id } => {
            let user = by_login(&employee_id)?;
            set_active(store, actor, &user, super::Activation::Deactivate, now)
        }
        UsersRequest::Reactivate { employee_id } => {
            let user = by_login(&employee_id)?;
            set_active(store, actor, &user, super::Activation::Reactivate, now)
        }
        UsersRequest::List => {
            let mut out = String::new();
            for u in store.users().map_err(|e| e.to_string())? {
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    u.employee_id,
                    u.role.as_str(),
                    u.name,
                    u.email,
                    u.department,
                    if u.is_active() {
                        "active"
                    } else {
                        "deactivated"
                    }
                ));
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_roster_parses() {
        let users = parse(
            "employee_id,name,email,department,role\n\
             A1,Kari,kari@x.no,BUF/Nord/Team 3,caseworker\n\
             b2,Ola,ola@x.no,BUF,HR\n",
        )
        .unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].employee_id, "a1");
        assert_eq!(users[1].role, Role::Hr);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let errors = parse(
            "employee_id,name,email,department,role\n\
             a1,Kari,kari@x.no,BUF//Team,caseworker\n\
             a2,Ola,ola,BUF,boss\n\
             a1,Per,per@x.no,BUF,hr\n",
        )
        .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 3, 4], "{errors:?}");
    }

    #[test]
    fn the_optional_leads_column_names_the_unit_a_person_leads() {
        let text = "employee_id,name,email,department,role,leads\n\
                    A1,Kari,kari@x.no,BUF/Nord/Team 3,caseworker,BUF/Nord\n\
                    b2,Ola,ola@x.no,BUF,hr,\n";
        assert_eq!(
            parse_leads(text).unwrap().unwrap(),
            vec![
                ("a1".to_string(), Some("BUF/Nord".to_string())),
                ("b2".to_string(), None)
            ]
        );
        assert_eq!(parse_leads("employee_id,name\na1,Kari\n").unwrap(), None);
        let errors = parse_leads("employee_id,leads\na1,BUF//Nord\n").unwrap_err();
        assert_eq!(errors[0].line, 2);
    }

    #[test]
    fn malform_column_is_optional_and_checked() {
        let header = "employee_id,name,email,department,role";
        assert_eq!(
            parse_malform(&format!("{header}\na1,K,k@x.no,BUF,hr\n")),
            Ok(None)
        );
        let forms = parse_malform(&format!(
            "{header},malform\nA1,K,k@x.no,BUF,hr,nn\na2,O,o@x.no,BUF,hr,\na3,P,p@x.no,BUF,hr,NB\n"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            forms,
            vec![
                ("a1".to_string(), Some(Form::Nn)),
                ("a2".to_string(), None),
                ("a3".to_string(), Some(Form::Nb)),
            ]
        );
        let errors =
            parse_malform(&format!("{header},malform\na1,K,k@x.no,BUF,hr,da\n")).unwrap_err();
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[0].problem, RowProblem::BadMalform("da".into()));
        assert!(errors[0].to_string().contains("\"da\""), "{errors:?}");
        assert_eq!(
            errors[0].problem.message(Form::Nn),
            "målforma «da» er verken nb eller nn"
        );
    }

    #[test]
    fn missing_column_is_reported() {
        let errors = parse("employee_id,name,email,role\n").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "line 1: missing column \"department\""
        );
        assert_eq!(
            errors[0].problem.message(Form::Da),
            "kolonnen «department» mangler"
        );
    }
}

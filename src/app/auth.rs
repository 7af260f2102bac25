//! Passwords, logins and login rate limiting.
//!
//! A login creates a random session token (given to the browser as a cookie, or to an API
//! client as a bearer token) and a CSRF synchronizer token bound to that session. The database
//! stores only a hash of the session token.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use jiff::Timestamp;
use rand::{Rng, RngExt};

use super::{Config, ServiceError};
use crate::store::Store;
use crate::store::{
    AuditRecord, LinkRefusal, LoginSessionRecord, OutboxRecord, OutboxStatus, PasswordLinkRecord,
    Role, UserId, UserRecord,
};

/// A logged-in user, as established from a session token.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub user: UserRecord,
    /// The session's CSRF token: every form must send it back.
    pub csrf: String,
}

impl Principal {
    pub fn require(&self, role: Role) -> Result<(), ServiceError> {
        if self.user.role == role || self.user.role == Role::Admin {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}

/// What a sign-in with an identity verified elsewhere came to ([`Accounts::sign_in_verified`]).
#[derive(Debug, Clone, PartialEq)]
pub enum VerifiedSignIn {
    /// A session was opened: its token and the principal (with the role now in effect).
    SignedIn {
        token: String,
        principal: Principal,
        /// The role before this sign-in (differs when the provider's groups changed it).
        previous_role: Role,
    },
    /// Nobody in the roster has this employee id.
    NotInRoster,
    /// The person has been deactivated.
    Deactivated(UserRecord),
}

/// Logins, sessions and logouts, with the login rate limits.
#[derive(Debug)]
pub struct Accounts {
    store: Arc<Store>,
    limiter: RateLimiter,
    /// How long a login lasts.
    session_lifetime: Duration,
    /// A session unused for this long ends.
    session_idle: Duration,
    /// When each session was last used (the idle timeout).
    activity: Activity,
    /// The login CSRF key, once read ([`Accounts::login_csrf_key`]).
    csrf_key: std::sync::OnceLock<[u8; 32]>,
    /// Set-password links, passwords and where links point.
    links: LinkSettings,
}

/// What set-password links need from the configuration.
#[derive(Debug, Clone)]
struct LinkSettings {
    hours: u32,
    base_url: String,
    mail_enabled: bool,
    /// Password login is on, so a set-password link is of use (off: single sign-on only).
    enabled: bool,
    min_length: usize,
    default_form: crate::text::Form,
}

impl Accounts {
    pub fn new(store: Arc<Store>, config: &Config) -> Accounts {
        Accounts {
            store,
            limiter: RateLimiter::new(
                config.max_failures_per_account,
                config.max_failures_per_client,
                config.login_window,
            ),
            session_lifetime: config.session_lifetime,
            session_idle: config.session_idle,
            activity: Activity::default(),
            csrf_key: std::sync::OnceLock::new(),
            links: LinkSettings {
                hours: config.followup.password_link_hours.max(1),
                base_url: config.followup.base_url.clone(),
                mail_enabled: config.followup.mail_enabled,
                enabled: config.password_login,
                min_length: config.password_min_length,
                default_form: config.malform,
            },
        }
    }

    /// Check a password and open a session. Returns the session token and the principal.
    ///
    /// `client` identifies where the attempt comes from (an IP address) for rate limiting. The
    /// attempt is counted before the password is checked ([`RateLimiter::begin`]), so concurrent
    /// attempts cannot get past the limits; a refused attempt never reaches the password check.
    pub fn login(
        &self,
        employee_id: &str,
        password: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<(String, Principal), ServiceError> {
        let account = employee_id.trim().to_lowercase();
        let attempt = self.limiter.begin(&account, client, Instant::now())?;
        let user = self.store.user_by_login(employee_id)?;
        let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
        // Verify against a dummy hash when there is no user, so timing does not reveal which
        // employee ids exist.
        let ok = verify_password(password, hash.unwrap_or_else(|| dummy_hash())) && hash.is_some();
        let Some(user) = user.filter(|_| ok) else {
            attempt.failed(Instant::now());
            return Err(ServiceError::BadCredentials);
        };
        if !user.is_active() {
            // Refused like a wrong password (nothing tells whether the account exists), but
            // the reason is kept for administrators.
            attempt.failed(Instant::now());
            self.store.append_audit(&action_audit(
                &Actor::User(user.clone()),
                "/logg-inn",
                Some(&user),
                "innlogging avvist: deaktivert",
                now,
            ))?;
            return Err(ServiceError::BadCredentials);
        }
        attempt.succeeded(Instant::now());
        self.open_session(user, now)
    }

    /// Open a session for a person whose identity someone else has verified (single sign-on:
    /// the OpenID Provider's ID token named them). The person is found by employee id without
    /// regard to case; not in the roster or deactivated gives no session. With `role`, the
    /// provider's groups decide the person's role: a different stored role is replaced first.
    pub fn sign_in_verified(
        &self,
        employee_id: &str,
        role: Option<Role>,
        now: Timestamp,
    ) -> Result<VerifiedSignIn, ServiceError> {
        let Some(mut user) = self.store.user_by_login(employee_id)? else {
            return Ok(VerifiedSignIn::NotInRoster);
        };
        if user.deactivated_at.is_some() {
            return Ok(VerifiedSignIn::Deactivated(user));
        }
        let previous_role = user.role;
        if let Some(role) = role.filter(|r| *r != user.role) {
            self.store.upsert_users(
                &[crate::store::UserInput {
                    employee_id: user.employee_id.clone(),
                    name: user.name.clone(),
                    email: user.email.clone(),
                    department: user.department.clone(),
                    role,
                    password_hash: None,
                }],
                now,
            )?;
            user.role = role;
        }
        let (token, principal) = self.open_session(user, now)?;
        Ok(VerifiedSignIn::SignedIn {
            token,
            principal,
            previous_role,
        })
    }

    /// A new session for `user`: the token for the browser, and the principal.
    fn open_session(
        &self,
        user: UserRecord,
        now: Timestamp,
    ) -> Result<(String, Principal), ServiceError> {
        let token = random_token();
        let record = LoginSessionRecord {
            user_id: user.id,
            csrf: random_token(),
            created_at: now,
            expires_at: now + self.session_lifetime,
        };
        self.store.put_login_session(&token_hash(&token), &record)?;
        self.activity.touch(&token_hash(&token), Instant::now());
        Ok((
            token,
            Principal {
                user,
                csrf: record.csrf,
            },
        ))
    }

    /// The user behind a session token, if the session exists, has not expired and has not been
    /// idle longer than `session_idle`.
    pub fn authenticate(&self, token: &str, now: Timestamp) -> Result<Principal, ServiceError> {
        let hash = token_hash(token);
        let (session, user) = self
            .store
            .login_session_user(&hash)?
            .ok_or(ServiceError::Unauthenticated)?;
        let idle = !self
            .activity
            .touch_within(&hash, self.session_idle, Instant::now());
        if session.expires_at <= now || idle {
            self.store.delete_login_session(&hash)?;
            return Err(ServiceError::Unauthenticated);
        }
        let user = user
            .filter(UserRecord::is_active)
            .ok_or(ServiceError::Unauthenticated)?;
        Ok(Principal {
            user,
            csrf: session.csrf,
        })
    }

    pub fn logout(&self, token: &str) -> Result<(), ServiceError> {
        Ok(self.store.delete_login_session(&token_hash(token))?)
    }

    /// The key that signs login CSRF tokens: made once and kept in the database, so tokens stay
    /// valid across restarts and between processes; cached after the first read.
    pub fn login_csrf_key(&self) -> Result<[u8; 32], ServiceError> {
        if let Some(key) = self.csrf_key.get() {
            return Ok(*key);
        }
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let key = self.store.secret_key("login_csrf", fresh)?;
        Ok(*self.csrf_key.get_or_init(|| key))
    }
}

/// Why a password was not set with a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// The link cannot be used (expired, used, replaced, unknown, deactivated).
    Refused(LinkRefusal),
    /// The two passwords differ.
    Mismatch,
    /// Too short or too common ([`check_password_policy`]).
    TooWeak,
}

/// How a set-password link reaches its person.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkDelivery {
    /// Queued in the outbox as this message (the worker fills in the token when it sends).
    Queued { message_id: String, to: String },
    /// No mail: the link, for the administrator to hand over.
    Show { url: String, expires_at: Timestamp },
}

/// Who did an administrative action: a logged-in administrator, or the command line (on the
/// server's host, locally or through the ops token).
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    User(UserRecord),
    /// `cli` (the database opened directly) or `ops-token` (through the running server).
    Tool(&'static str),
}

/// What [`Accounts::set_active`] does to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    Deactivate,
    Reactivate,
}

/// The longest department path accepted from the admin pages, in characters.
pub const DEPARTMENT_MAX_CHARS: usize = 200;

/// Why a department path typed on the admin pages was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepartmentProblem {
    Empty,
    /// A part between two `/` is empty (`Etat//A`, `/A`, `A/`).
    EmptyPart,
    ControlCharacter,
    TooLong,
}

/// A department path like `Etat/Område Sør/Team 2` with each part trimmed, or why it is
/// refused: empty, an empty part, a control character, or longer than [`DEPARTMENT_MAX_CHARS`].
pub fn clean_department(input: &str) -> Result<String, DepartmentProblem> {
    if input.chars().any(char::is_control) {
        return Err(DepartmentProblem::ControlCharacter);
    }
    if input.trim().is_empty() {
        return Err(DepartmentProblem::Empty);
    }
    let parts: Vec<&str> = input.split('/').map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(DepartmentProblem::EmptyPart);
    }
    let clean = parts.join("/");
    if clean.chars().count() > DEPARTMENT_MAX_CHARS {
        return Err(DepartmentProblem::TooLong);
    }
    Ok(clean)
}

/// One page of the people list.
#[derive(Debug, Clone, PartialEq)]
pub struct PeoplePage {
    pub people: Vec<UserRecord>,
    /// People matching the search, on all pages.
    pub matching: usize,
    /// 1-based.
    pub page: usize,
    pub pages: usize,
}

/// People per page of `/admin/personer`.
pub const PEOPLE_PER_PAGE: usize = 50;

/// The audit entry of an administrative action: `route` is the concrete path (e.g.
/// `/admin/personer/17/deaktiver`), `department` the person's, `format` what was done to whom.
pub fn action_audit(
    actor: &Actor,
    route: &str,
    subject: Option<&UserRecord>,
    what: &str,
    at: Timestamp,
) -> AuditRecord {
    let (user_id, employee_id, role) = match actor {
        Actor::User(u) => (u.id, u.employee_id.clone(), u.role),
        Actor::Tool(name) => (0, (*name).to_string(), Role::Admin),
    };
    AuditRecord {
        id: 0,
        at,
        user_id,
        employee_id,
        role,
        route: route.to_string(),
        cycle_id: None,
        level: None,
        topic: None,
        department: subject.map(|s| s.department.clone()),
        format: match subject {
            Some(s) => format!("{what}: {}", s.employee_id),
            None => what.to_string(),
        },
    }
}

impl Accounts {
    /// The link behind `token` and its person, if it can be used now.
    pub fn password_link(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Result<(PasswordLinkRecord, UserRecord), LinkRefusal>, ServiceError> {
        if !well_formed_token(token) {
            return Ok(Err(LinkRefusal::Unknown));
        }
        Ok(self.store.password_link(&token_hash(token), now)?)
    }

    /// Choose a password with a link: checked against the policy, then set, the link used up,
    /// the person's other links revoked and sessions ended (one transaction), and audited.
    pub fn set_password_with_link(
        &self,
        token: &str,
        password: &str,
        repeat: &str,
        now: Timestamp,
    ) -> Result<Result<UserRecord, LinkProblem>, ServiceError> {
        if let Err(refusal) = self.password_link(token, now)? {
            return Ok(Err(LinkProblem::Refused(refusal)));
        }
        if password != repeat {
            return Ok(Err(LinkProblem::Mismatch));
        }
        if check_password_policy(password, self.links.min_length).is_err() {
            return Ok(Err(LinkProblem::TooWeak));
        }
        let hash = hash_password(password);
        match self
            .store
            .redeem_password_link(&token_hash(token), hash, now)?
        {
            Ok(user) => {
                self.store.append_audit(&action_audit(
                    &Actor::User(user.clone()),
                    "/passord",
                    Some(&user),
                    "passord valgt med lenke",
                    now,
                ))?;
                Ok(Ok(user))
            }
            Err(refusal) => Ok(Err(LinkProblem::Refused(refusal))),
        }
    }

    /// The shortest password accepted.
    pub fn password_min_length(&self) -> usize {
        self.links.min_length
    }

    /// The written form of a person's pages.
    pub fn form_of(&self, user: &UserRecord) -> crate::text::Form {
        user.malform.resolve(self.links.default_form)
    }

    /// The form of the person whose session (or API) token this is, for pages rendered before a
    /// handler knew the reader (a refused CSRF token, an unknown path, a too large body); the
    /// installation's language without a live session. Reads only: the session's activity is
    /// not touched.
    pub fn reader_form(&self, token: Option<&str>, now: Timestamp) -> crate::text::Form {
        let Some(token) = token else {
            return self.default_form();
        };
        match self.store.login_session_user(&token_hash(token)) {
            Ok(Some((session, Some(user)))) if session.expires_at > now && user.is_active() => {
                self.form_of(&user)
            }
            _ => self.default_form(),
        }
    }

    /// The form of pages for someone not known yet.
    pub fn default_form(&self) -> crate::text::Form {
        self.links.default_form
    }

    /// Whether administrators may send set-password links (not when password login is off).
    pub fn links_enabled(&self) -> bool {
        self.links.enabled
    }

    /// People whose name, employee id or department contains `query` (case-insensitive; all
    /// when empty), by department and name, page `page` (1-based). Administrators only.
    pub fn people(
        &self,
        principal: &Principal,
        query: &str,
        page: usize,
    ) -> Result<PeoplePage, ServiceError> {
        require_admin(principal)?;
        let needle = query.trim().to_lowercase();
        let mut people: Vec<UserRecord> = self
            .store
            .users()?
            .into_iter()
            .filter(|u| {
                needle.is_empty()
                    || u.name.to_lowercase().contains(&needle)
                    || u.employee_id.contains(&needle)
                    || u.department.to_lowercase().contains(&needle)
            })
            .collect();
        people.sort_by(|a, b| {
            (&a.department, &a.name, &a.employee_id).cmp(&(&b.department, &b.name, &b.employee_id))
        });
        let matching = people.len();
        let pages = matching.div_ceil(PEOPLE_PER_PAGE).max(1);
        let page = page.clamp(1, pages);
        let people = people
            .into_iter()
            .skip((page - 1) * PEOPLE_PER_PAGE)
            .take(PEOPLE_PER_PAGE)
            .collect();
        Ok(PeoplePage {
            people,
            matching,
            page,
            pages,
        })
    }

    /// One person. Administrators only.
    pub fn person(&self, principal: &Principal, id: UserId) -> Result<UserRecord, ServiceError> {
        require_admin(principal)?;
        self.store.user(id)?.ok_or(ServiceError::NotFound)
    }

    /// Give a person another role (audited). An administrator cannot take their own admin
    /// role away (someone must be left to give it back).
    pub fn change_role(
        &self,
        actor: &Actor,
        id: UserId,
        role: Role,
        now: Timestamp,
    ) -> Result<UserRecord, ServiceError> {
        if let Actor::User(user) = actor {
            require_admin_user(user)?;
            if UserId(user.id) == id && role != Role::Admin {
                return Err(super::Refusal::OwnAdminRole.into());
            }
        }
        let (old, new) = self
            .store
            .set_role(id, role)?
            .ok_or(ServiceError::NotFound)?;
        if old.role != new.role {
            self.store.append_audit(&action_audit(
                actor,
                &format!("/admin/personer/{id}/rolle"),
                Some(&new),
                &format!("rolle {} → {}", old.role.as_str(), new.role.as_str()),
                now,
            ))?;
        }
        Ok(new)
    }

    /// Move a person to another department (audited), written through the same store call
    /// as a roster sync's move, so every other field (leads, målform, …) is kept. Their
    /// finished tests stay where they were taken: a test records the department at its start.
    /// The department is checked and tidied by [`clean_department`]; a refusal is the inner
    /// `Err` and nothing is written.
    pub fn move_department(
        &self,
        actor: &Actor,
        id: UserId,
        department: &str,
        now: Timestamp,
    ) -> Result<Result<UserRecord, DepartmentProblem>, ServiceError> {
        if let Actor::User(user) = actor {
            require_admin_user(user)?;
        }
        let department = match clean_department(department) {
            Ok(department) => department,
            Err(problem) => return Ok(Err(problem)),
        };
        let mut moved = None;
        self.store.write_users(now, |users| {
            let old = users
                .iter()
                .find(|u| UserId(u.id) == id)
                .ok_or(ServiceError::NotFound)?;
            let new = UserRecord {
                department: department.clone(),
                ..old.clone()
            };
            moved = Some((old.clone(), new.clone()));
            Ok::<_, ServiceError>(if old.department == department {
                Vec::new()
            } else {
                vec![crate::store::UserWrite::Update(new)]
            })
        })??;
        let (old, new) = moved.expect("set when the user was found");
        if old.department != new.department {
            self.store.append_audit(&action_audit(
                actor,
                &format!("/admin/personer/{id}/avdeling"),
                Some(&new),
                &format!("avdeling {} → {}", old.department, new.department),
                now,
            ))?;
        }
        Ok(Ok(new))
    }

    /// Deactivate or reactivate a person (audited). Deactivating ends the person's sessions
    /// and links at once; their tests stay. An administrator cannot deactivate themselves.
    pub fn set_active(
        &self,
        actor: &Actor,
        id: UserId,
        activation: Activation,
        now: Timestamp,
    ) -> Result<UserRecord, ServiceError> {
        let active = activation == Activation::Reactivate;
        if let Actor::User(user) = actor {
            require_admin_user(user)?;
            if UserId(user.id) == id && !active {
                return Err(super::Refusal::DeactivateSelf.into());
            }
        }
        let (old, new) = self
            .store
            .set_deactivated(id, (!active).then_some(now))?
            .ok_or(ServiceError::NotFound)?;
        if old.is_active() != new.is_active() {
            let (path, what) = if active {
                ("reaktiver", "reaktivert")
            } else {
                ("deaktiver", "deaktivert")
            };
            self.store.append_audit(&action_audit(
                actor,
                &format!("/admin/personer/{id}/{path}"),
                Some(&new),
                what,
                now,
            ))?;
        }
        Ok(new)
    }

    /// Send a person a set-password link: queued as an e-mail when mail is delivered and the
    /// person has an address, else returned for the administrator to hand over. Either way
    /// the person's older links are revoked and sessions end when the link is made (for an
    /// e-mail: when it is sent). Audited.
    pub fn send_password_link(
        &self,
        actor: &Actor,
        id: UserId,
        now: Timestamp,
    ) -> Result<LinkDelivery, ServiceError> {
        if let Actor::User(user) = actor {
            require_admin_user(user)?;
        }
        if !self.links.enabled {
            return Err(super::Refusal::PasswordLinksOff.into());
        }
        let user = self.store.user(id)?.ok_or(ServiceError::NotFound)?;
        if !user.is_active() {
            return Err(super::Refusal::PersonDeactivated.into());
        }
        let route = format!("/admin/personer/{id}/passordlenke");
        if self.links.mail_enabled && user.email.contains('@') {
            let texts = &self.form_of(&user).texts().password;
            let link = format!(
                "{}/passord/{}",
                self.links.base_url,
                super::followup::link_marker(self.links.hours)
            );
            let message_id = format!("password-u{id}-{}", now.as_millisecond());
            let message = OutboxRecord {
                id: message_id.clone(),
                purpose: "password".to_string(),
                user_id: id.0,
                cycle_id: None,
                to: user.email.clone(),
                to_name: user.name.clone(),
                subject: texts.mail_subject.to_string(),
                body: (texts.mail_body)(&user.name, &link, self.links.hours),
                status: OutboxStatus::Queued,
                attempts: 0,
                last_error: None,
                created_at: now,
                next_attempt_at: now,
                last_attempt_at: None,
                sent_at: None,
            };
            self.store.queue_decided(move |_| vec![message])?;
            self.store.append_audit(&action_audit(
                actor,
                &route,
                Some(&user),
                "passordlenke lagt i utboksen",
                now,
            ))?;
            return Ok(LinkDelivery::Queued {
                message_id,
                to: user.email,
            });
        }
        let token = random_token();
        let expires_at = now + Duration::from_secs(u64::from(self.links.hours) * 3600);
        self.store
            .issue_password_link(
                &token_hash(&token),
                &PasswordLinkRecord {
                    user_id: id.0,
                    created_at: now,
                    expires_at,
                    message_id: None,
                    used_at: None,
                    revoked_at: None,
                },
            )?
            .ok_or(ServiceError::NotFound)?;
        self.store.append_audit(&action_audit(
            actor,
            &route,
            Some(&user),
            "passordlenke laget for utlevering",
            now,
        ))?;
        Ok(LinkDelivery::Show {
            url: format!("{}/passord/{token}", self.links.base_url),
            expires_at,
        })
    }
}

fn require_admin(principal: &Principal) -> Result<(), ServiceError> {
    require_admin_user(&principal.user)
}

fn require_admin_user(user: &UserRecord) -> Result<(), ServiceError> {
    if user.role == Role::Admin && user.is_active() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The server's key for set-password tokens derived from message ids (made once, kept in the
/// database, so every process and restart derives the same token).
pub fn link_key(store: &Store) -> Result<[u8; 32], crate::store::StoreError> {
    let mut fresh = [0u8; 32];
    rand::rng().fill_bytes(&mut fresh);
    store.secret_key("password_links", fresh)
}

/// The set-password token of outbox message `message_id`: BLAKE2b keyed with [`link_key`]
/// (a MAC by construction). The same message sent again carries the same token; without the
/// key, the token cannot be derived from the id.
pub fn message_link_token(key: &[u8; 32], message_id: &str) -> String {
    use blake2::digest::{KeyInit, Mac};
    let mut mac = <blake2::Blake2bMac<blake2::digest::consts::U32> as KeyInit>::new_from_slice(key)
        .expect("a 32-byte key fits BLAKE2b");
    mac.update(b"password-link\0");
    mac.update(message_id.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The hash a link is stored under.
pub fn link_token_hash(token: &str) -> String {
    token_hash(token)
}

/// 64 hex digits, as every token is: anything else is refused before a lookup.
fn well_formed_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Refuse a password shorter than `min_length` characters or on the list of common passwords
/// (compared without case, spaces and digits at the ends: "Passord123" is "passord").
pub fn check_password_policy(password: &str, min_length: usize) -> Result<(), String> {
    let length = password.chars().count();
    if length < min_length {
        return Err(format!(
            "the password must have at least {min_length} characters (it has {length})"
        ));
    }
    let core = password
        .trim()
        .to_lowercase()
        .trim_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c.is_ascii_punctuation())
        .to_string();
    let common = COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .any(|c| !c.is_empty() && (c == core || c == password.to_lowercase()));
    if common || core.chars().collect::<std::collections::HashSet<_>>().len() < 3 {
        return Err("the password is too common or too simple; choose another".to_string());
    }
    Ok(())
}

/// A small list of the most used passwords (international and Norwegian), one a line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// When each session was last used, in memory (a restart starts every session's idle time
/// afresh, which errs towards keeping people logged in, never towards a longer lifetime).
#[derive(Debug, Default)]
pub(super) struct Activity {
    last: Mutex<HashMap<String, Instant>>,
}

impl Activity {
    fn touch(&self, session: &str, now: Instant) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.insert(session.to_string(), now);
    }

    /// `false` if the session was last used longer than `idle` ago; else record the use.
    fn touch_within(&self, session: &str, idle: Duration, now: Instant) -> bool {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.len() > 100_000 {
            last.retain(|_, t| now.duration_since(*t) < idle);
        }
        match last.insert(session.to_string(), now) {
            Some(before) if now.duration_since(before) >= idle => {
                last.remove(session);
                false
            }
            _ => true,
        }
    }
}

/// An argon2id PHC string for `password`, with a fresh random salt.
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Verify with argon2 on one of a few dedicated threads (one per core). Each check needs a
/// 19 MiB memory block (the default parameters), and the allocator keeps such a block in the
/// arena of every thread that ever made one. Logins arrive on a blocking pool of up to 512
/// threads, so checking on the caller's thread let a login stampede at a deadline grow the
/// server to gigabytes; on the dedicated threads the memory is at most one block per core, and
/// it is reused. Checks are CPU-bound, so waiting for a thread costs no throughput.
fn verify_password(password: &str, hash: &str) -> bool {
    static VERIFIERS: OnceLock<Verifiers> = OnceLock::new();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    VERIFIERS
        .get_or_init(|| Verifiers::start(threads, argon2_matches))
        .verify(password, hash)
}

fn argon2_matches(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A check, the password and hash it checks, and where its answer goes.
type Check = (String, String, mpsc::SyncSender<bool>);

/// A fixed set of threads that run password checks from one queue.
struct Verifiers {
    queue: mpsc::Sender<Check>,
}

impl Verifiers {
    fn start(threads: usize, check: fn(&str, &str) -> bool) -> Verifiers {
        let (queue, jobs) = mpsc::channel::<Check>();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads.max(1) {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("forvalt-argon2-{n}"))
                .spawn(move || {
                    loop {
                        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok((password, hash, reply)) = job else {
                            break;
                        };
                        let _ = reply.send(check(&password, &hash));
                    }
                })
                .expect("a password-check thread starts");
        }
        Verifiers { queue }
    }

    /// Blocks until a thread has checked. A check that cannot run fails (the login is refused).
    fn verify(&self, password: &str, hash: &str) -> bool {
        let (reply, answer) = mpsc::sync_channel(1);
        self.queue
            .send((password.to_owned(), hash.to_owned(), reply))
            .is_ok()
            && answer.recv().unwrap_or(false)
    }
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("no user has this password"))
}

/// A random password that is easy to type: 4 groups of 4 lower-case letters and digits,
/// without look-alikes (about 80 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// 256 random bits as hex.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn token_hash(token: &str) -> String {
    use blake2::{Blake2b512, Digest};
    hex(&Blake2b512::digest(token.as_bytes())[..32])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Login limits, counted before the password is checked.
///
/// Three counters of failed logins within the window; the first two also count the checks in
/// flight, so concurrent attempts see each other:
/// - **account + client** (the pair): strict; at `max_per_account` failures the pair is refused
///   until the oldest failure leaves the window.
/// - **account** (from anywhere) and **client** (any account): slowed rather than refused; from
///   their limit on, each further attempt must wait `BACKOFF_BASE · 2^(failures − limit)`
///   (at most `BACKOFF_CAP`) after the last failure, with one check in flight at a time.
///
/// A client that has logged in to the account before (within [`KNOWN_GOOD`]) is not slowed by
/// the account's counter: someone guessing a named person's password from elsewhere does not
/// keep that person out. Hand-written rather than with `governor`: a GCRA counts every attempt
/// and cannot give a cell back, while these limits count failures (a successful login clears
/// them) and must see the checks still in flight.
#[derive(Debug)]
pub(super) struct RateLimiter {
    state: Mutex<LimiterState>,
    max_per_account: usize,
    max_per_client: usize,
    window: Duration,
}

const BACKOFF_BASE: Duration = Duration::from_secs(15);
const BACKOFF_CAP: Duration = Duration::from_secs(5 * 60);
/// How long a successful login vouches for its client on that account.
const KNOWN_GOOD: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// Keys kept before old ones are pruned (bounded memory under a spray of made-up names).
const MAX_KEYS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Pair(String, String),
    Account(String),
    Client(String),
}

#[derive(Debug, Default)]
struct Counter {
    failures: std::collections::VecDeque<Instant>,
    in_flight: usize,
}

#[derive(Debug, Default)]
struct LimiterState {
    counters: HashMap<Key, Counter>,
    known_good: HashMap<(String, String), Instant>,
}

/// A counted attempt: settle it with [`Attempt::failed`] or [`Attempt::succeeded`]; dropped
/// unsettled (an error before the check ended), it only stops counting as in flight.
pub(super) struct Attempt<'a> {
    limiter: &'a RateLimiter,
    account: String,
    client: String,
    settled: bool,
}

impl RateLimiter {
    pub(super) fn new(max_per_account: usize, max_per_client: usize, window: Duration) -> Self {
        RateLimiter {
            state: Mutex::new(LimiterState::default()),
            max_per_account: max_per_account.max(1),
            max_per_client: max_per_client.max(1),
            window,
        }
    }

    fn keys(account: &str, client: &str) -> [Key; 3] {
        [
            Key::Pair(account.to_string(), client.to_string()),
            Key::Account(account.to_string()),
            Key::Client(client.to_string()),
        ]
    }

    /// Count an attempt, or refuse it with the seconds to wait.
    pub(super) fn begin(
        &self,
        account: &str,
        client: &str,
        now: Instant,
    ) -> Result<Attempt<'_>, ServiceError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.counters.len() > MAX_KEYS {
            let window = self.window;
            state.counters.retain(|_, c| {
                c.failures.retain(|t| now.duration_since(*t) < window);
                !c.failures.is_empty() || c.in_flight > 0
            });
            state
                .known_good
                .retain(|_, t| now.duration_since(*t) < KNOWN_GOOD);
        }
        let vouched = state
            .known_good
            .get(&(account.to_string(), client.to_string()))
            .is_some_and(|t| now.duration_since(*t) < KNOWN_GOOD);
        for key in Self::keys(account, client) {
            if matches!(key, Key::Account(_)) && vouched {
                continue;
            }
            let limit = match key {
                Key::Client(_) => self.max_per_client,
                _ => self.max_per_account,
            };
            let counter = state.counters.entry(key.clone()).or_default();
            counter
                .failures
                .retain(|t| now.duration_since(*t) < self.window);
            // Checks in flight count for the pair and the account, not for the client: many
            // people behind one address log in at once at a deadline.
            let in_flight = match key {
                Key::Client(_) => 0,
                _ => counter.in_flight,
            };
            let counted = counter.failures.len() + in_flight;
            if counted < limit {
                continue;
            }
            let wait = match key {
                Key::Pair(..) => counter.failures.front().map_or(BACKOFF_BASE, |oldest| {
                    self.window.saturating_sub(now.duration_since(*oldest))
                }),
                _ => {
                    let excess = counter.failures.len().saturating_sub(limit).min(16) as u32;
                    let delay = BACKOFF_BASE.saturating_mul(1 << excess).min(BACKOFF_CAP);
                    let since = counter
                        .failures
                        .back()
                        .map_or(Duration::MAX, |last| now.duration_since(*last));
                    if in_flight > 0 {
                        BACKOFF_BASE
                    } else if since >= delay {
                        continue;
                    } else {
                        delay - since
                    }
                }
            };
            return Err(ServiceError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        for key in Self::keys(account, client) {
            state.counters.entry(key).or_default().in_flight += 1;
        }
        Ok(Attempt {
            limiter: self,
            account: account.to_string(),
            client: client.to_string(),
            settled: false,
        })
    }

    fn settle(&self, account: &str, client: &str, outcome: Option<(bool, Instant)>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        for key in Self::keys(account, client) {
            let counter = state.counters.entry(key.clone()).or_default();
            counter.in_flight = counter.in_flight.saturating_sub(1);
            match (outcome, &key) {
                (Some((false, at)), _) => counter.failures.push_back(at),
                // Only the pair's: the account's failures stay until they leave the window,
                // so its owner signing in does not give someone guessing elsewhere a fresh start.
                (Some((true, _)), Key::Pair(..)) => counter.failures.clear(),
                _ => {}
            }
        }
        if let Some((true, at)) = outcome {
            state
                .known_good
                .insert((account.to_string(), client.to_string()), at);
        }
    }
}

impl Attempt<'_> {
    /// The password was wrong (or there is no such user).
    pub(super) fn failed(mut self, at: Instant) {
        self.settled = true;
        self.limiter
            .settle(&self.account, &self.client, Some((false, at)));
    }

    /// The password was right: the pair's failures are forgotten, and the client is vouched for
    /// on this account.
    pub(super) fn succeeded(mut self, at: Instant) {
        self.settled = true;
        self.limiter
            .settle(&self.account, &self.client, Some((true, at)));
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.limiter.settle(&self.account, &self.client, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::Verifiers;

    static INSIDE: AtomicUsize = AtomicUsize::new(0);
    static MOST: AtomicUsize = AtomicUsize::new(0);
    static THREADS: Mutex<Option<HashSet<std::thread::ThreadId>>> = Mutex::new(None);

    /// A stand-in for argon2 that records which thread ran it and how many ran at once.
    fn recording_check(password: &str, hash: &str) -> bool {
        let now = INSIDE.fetch_add(1, Ordering::SeqCst) + 1;
        MOST.fetch_max(now, Ordering::SeqCst);
        THREADS
            .lock()
            .unwrap()
            .get_or_insert_default()
            .insert(std::thread::current().id());
        std::thread::yield_now();
        INSIDE.fetch_sub(1, Ordering::SeqCst);
        password == hash
    }

    #[test]
    fn password_checks_run_on_the_fixed_threads_only_and_each_caller_gets_its_own_answer() {
        let verifiers = Verifiers::start(2, recording_check);
        std::thread::scope(|scope| {
            for caller in 0..32 {
                let verifiers = &verifiers;
                scope.spawn(move || {
                    for n in 0..20 {
                        let password = format!("{caller}-{n}");
                        assert!(verifiers.verify(&password, &password));
                        assert!(!verifiers.verify(&password, "something else"));
                    }
                });
            }
        });
        let most = MOST.load(Ordering::SeqCst);
        assert!((1..=2).contains(&most), "{most} checks at once");
        let threads = THREADS.lock().unwrap().take().unwrap_or_default();
        assert!(
            (1..=2).contains(&threads.len()),
            "{} threads",
            threads.len()
        );
        assert!(!threads.contains(&std::thread::current().id()));
    }

    #[test]
    fn real_argon2_hashes_verify() {
        let hash = super::hash_password("riktig passord");
        assert!(super::verify_password("riktig passord", &hash));
        assert!(!super::verify_password("galt passord", &hash));
        assert!(!super::verify_password(
            "riktig passord",
            "not a PHC string"
        ));
    }
}

#[cfg(test)]
mod department_tests {
    use super::{DEPARTMENT_MAX_CHARS, DepartmentProblem, clean_department};

    #[test]
    fn department_paths_are_trimmed_per_part_and_bad_ones_refused() {
        assert_eq!(
            clean_department("  Etat / Område Sør /Team 2 "),
            Ok("Etat/Område Sør/Team 2".to_string())
        );
        assert_eq!(clean_department("Etat"), Ok("Etat".to_string()));
        assert_eq!(clean_department("   "), Err(DepartmentProblem::Empty));
        assert_eq!(clean_department(""), Err(DepartmentProblem::Empty));
        for bad in ["Etat//A", "Etat/ /A", "/Etat", "Etat/"] {
            assert_eq!(
                clean_department(bad),
                Err(DepartmentProblem::EmptyPart),
                "{bad}"
            );
        }
        assert_eq!(
            clean_department("Etat/A\u{7}"),
            Err(DepartmentProblem::ControlCharacter)
        );
        assert_eq!(
            clean_department("Etat\nA"),
            Err(DepartmentProblem::ControlCharacter)
        );
        let longest = "å".repeat(DEPARTMENT_MAX_CHARS);
        assert_eq!(clean_department(&longest), Ok(longest.clone()));
        assert_eq!(
            clean_department(&format!("{longest}x")),
            Err(DepartmentProblem::TooLong)
        );
    }
}

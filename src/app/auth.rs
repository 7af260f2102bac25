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
use crate::store::{LoginSessionRecord, Role, UserRecord};

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
        let user = user.ok_or(ServiceError::Unauthenticated)?;
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

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

/// Logins, sessions and logouts, with the login rate limits.
#[derive(Debug)]
pub struct Accounts {
    store: Arc<Store>,
    limiter: RateLimiter,
    /// How long a login lasts.
    session_lifetime: Duration,
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
        }
    }

    /// Check a password and open a session. Returns the session token and the principal.
    ///
    /// `client` identifies where the attempt comes from (an IP address) for rate limiting.
    /// Failed attempts are counted per account and per client; over the limit, every attempt
    /// is refused without looking at the password.
    pub fn login(
        &self,
        employee_id: &str,
        password: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<(String, Principal), ServiceError> {
        let account_key = format!("account:{}", employee_id.trim().to_lowercase());
        let client_key = format!("client:{client}");
        self.limiter.check(&[&account_key, &client_key])?;
        let user = self.store.user_by_login(employee_id)?;
        let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
        // Verify against a dummy hash when there is no user, so timing does not reveal which
        // employee ids exist.
        let ok = verify_password(password, hash.unwrap_or_else(|| dummy_hash())) && hash.is_some();
        let Some(user) = user.filter(|_| ok) else {
            self.limiter.fail(&[&account_key, &client_key]);
            return Err(ServiceError::BadCredentials);
        };
        self.limiter.clear(&account_key);
        let token = random_token();
        let record = LoginSessionRecord {
            user_id: user.id,
            csrf: random_token(),
            created_at: now,
            expires_at: now + self.session_lifetime,
        };
        self.store.put_login_session(&token_hash(&token), &record)?;
        Ok((
            token,
            Principal {
                user,
                csrf: record.csrf,
            },
        ))
    }

    /// The user behind a session token, if the session exists and has not expired.
    pub fn authenticate(&self, token: &str, now: Timestamp) -> Result<Principal, ServiceError> {
        let hash = token_hash(token);
        let (session, user) = self
            .store
            .login_session_user(&hash)?
            .ok_or(ServiceError::Unauthenticated)?;
        if session.expires_at <= now {
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

/// Counts failed logins per key in a sliding window. In memory: a restart resets it, which is
/// acceptable because a restart is rare and slow compared with the window.
#[derive(Debug)]
pub(super) struct RateLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    max_per_account: usize,
    max_per_client: usize,
    window: Duration,
}

impl RateLimiter {
    pub(super) fn new(max_per_account: usize, max_per_client: usize, window: Duration) -> Self {
        RateLimiter {
            failures: Mutex::new(HashMap::new()),
            max_per_account,
            max_per_client,
            window,
        }
    }

    fn limit(&self, key: &str) -> usize {
        if key.starts_with("account:") {
            self.max_per_account
        } else {
            self.max_per_client
        }
    }

    fn check(&self, keys: &[&str]) -> Result<(), ServiceError> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in keys {
            if let Some(times) = failures.get_mut(*key) {
                times.retain(|t| now.duration_since(*t) < self.window);
                if times.len() >= self.limit(key) {
                    let oldest = times[0];
                    let retry = self.window.saturating_sub(now.duration_since(oldest));
                    return Err(ServiceError::RateLimited {
                        retry_after_secs: retry.as_secs().max(1),
                    });
                }
            }
        }
        Ok(())
    }

    fn fail(&self, keys: &[&str]) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Keep memory bounded under a spray of made-up account names.
        if failures.len() > 10_000 {
            failures.retain(|_, times| {
                times.retain(|t| now.duration_since(*t) < self.window);
                !times.is_empty()
            });
        }
        for key in keys {
            failures.entry(key.to_string()).or_default().push(now);
        }
    }

    fn clear(&self, key: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(key);
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

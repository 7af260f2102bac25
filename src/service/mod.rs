//! The application: what a user can do, shared by the HTML pages and the JSON API.
//!
//! Every method is blocking (it reads or writes the [`Store`]); the web layer calls it through
//! `spawn_blocking`. Nothing here knows HTTP. The adaptive test's state is never cached: each
//! request rebuilds the [`crate::cat::Session`] from the stored history with
//! [`crate::cat::Session::resume`], so a restart, a second tab or a second server process sees
//! exactly what is on disk.

mod audit;
mod auth;
pub mod author;
pub mod demo;
mod error;
mod home;
mod report;
mod result;
pub mod roster;
pub mod simulee;
pub mod stats_cache;
mod testing;

use std::time::Duration;

use crate::bank::ItemBank;
use crate::cat::Exposure;
use crate::store::Store;

pub use crate::engine::Engine;
pub use audit::ReportAccess;
pub use auth::{Principal, check_password_policy, generate_password, hash_password};
pub use error::ServiceError;
pub use home::{CycleStatus, HomeCycle};
pub use report::{
    Completion, CompletionPerson, CompletionRow, Drill, DrillRow, PlanRow, PlanTopic, ReportTopic,
    TopicReport, at_level, follow_up_plan,
};
pub use result::{Level, MissedItem, TestResult, TopicFeedback, TopicVerdict};
pub use testing::{AnswerInput, Current, ItemView, Progress};

use auth::RateLimiter;

/// Settings that are not in the item bank.
#[derive(Debug, Clone)]
pub struct Config {
    /// Failed logins allowed per account within `login_window`.
    pub max_failures_per_account: usize,
    /// Failed logins allowed per client (IP address) within `login_window`.
    pub max_failures_per_client: usize,
    pub login_window: Duration,
    /// How long a login lasts.
    pub session_lifetime: Duration,
    /// A login ends after this long without a request.
    pub session_idle: Duration,
    /// Shortest password accepted when one is set ([`check_password_policy`]).
    pub password_min_length: usize,
    /// Exposure control for live tests; `None` uses the bank's own (`ItemBank::live_exposure`:
    /// Sympson–Hetter from `exposure.csv` when the bank has one).
    pub exposure: Option<Exposure>,
    /// HR reports suppress a department × topic cell with fewer distinct caseworkers (k).
    pub report_min_people: usize,
    /// Retention: keep personal data of this many most recent cycles (`None`: keep everything).
    pub retention_keep_cycles: Option<usize>,
    /// When the author area's cached item statistics are recomputed.
    pub author_statistics: stats_cache::CacheSettings,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_failures_per_account: 5,
            max_failures_per_client: 20,
            login_window: Duration::from_secs(15 * 60),
            session_lifetime: Duration::from_secs(10 * 60 * 60),
            session_idle: Duration::from_secs(60 * 60),
            password_min_length: 12,
            exposure: None,
            report_min_people: 5,
            retention_keep_cycles: None,
            author_statistics: stats_cache::CacheSettings::default(),
        }
    }
}

/// The application state shared by all requests.
#[derive(Debug)]
pub struct Service {
    store: Store,
    engine: Engine,
    config: Config,
    limiter: RateLimiter,
    /// When each session was last used (the idle timeout).
    activity: auth::Activity,
    /// The login CSRF key, once read ([`Service::login_csrf_key`]).
    csrf_key: std::sync::OnceLock<[u8; 32]>,
    /// The author area's item statistics ([`stats_cache`]).
    author_statistics: std::sync::Arc<stats_cache::StatsCache>,
}

impl Service {
    pub fn new(store: Store, bank: ItemBank, config: Config) -> Service {
        let engine = Engine::new(bank, config.exposure.clone());
        Service {
            store,
            engine,
            activity: auth::Activity::default(),
            csrf_key: std::sync::OnceLock::new(),
            limiter: RateLimiter::new(
                config.max_failures_per_account,
                config.max_failures_per_client,
                config.login_window,
            ),
            author_statistics: std::sync::Arc::new(stats_cache::StatsCache::new(
                config.author_statistics,
            )),
            config,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn bank(&self) -> &ItemBank {
        self.engine.bank()
    }
}

//! The application layer: what each audience can do, shared by the HTML pages, the JSON API
//! and the command line.
//!
//! One type per audience, each holding only what it needs:
//! [`TestTaking`] (caseworkers: home, start or resume, answer, result), [`Reports`] (HR: topic
//! report, drill-down, completion, follow-up plan, audit of report access), [`Authoring`]
//! (authors: item statistics, calibration write-back, law changes), [`Accounts`] (everyone:
//! login, sessions, passwords) and [`Operations`] (administrators and operators: health,
//! metrics gauges, backup, audit log, retention). [`App::new`] builds them over one [`Store`]
//! and one [`Engine`]; `web::AppState` holds them.
//!
//! Every method is blocking (it reads or writes the [`Store`]); the web layer calls it through
//! `spawn_blocking`. Nothing here knows HTTP. The adaptive test's state is never cached: each
//! request rebuilds the [`crate::cat::Session`] from the stored history with
//! [`crate::cat::Session::resume`], so a restart, a second tab or a second server process sees
//! exactly what is on disk.

mod audit;
mod auth;
pub mod authoring;
pub mod certificate;
pub mod cycles;
pub mod deadline;
pub mod demo;
mod error;
pub mod followup;
mod home;
pub mod leader;
mod operations;
pub mod privacy;
mod reports;
mod result;
pub mod roster;
pub mod simulee;
pub mod sso;
pub mod stats_cache;
mod test_taking;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use crate::bank::ItemBank;
use crate::cat::Exposure;
use crate::store::{Store, TestId};

pub use crate::engine::Engine;
pub use audit::ReportAccess;
pub use auth::{
    Accounts, Activation, Principal, VerifiedSignIn, check_password_policy, generate_password,
    hash_password,
};
pub use authoring::Authoring;
pub use error::{Refusal, ServiceError};
pub use followup::{Followup, FollowupConfig};
pub use home::{CycleStatus, HomeCycle};
pub use leader::Leadership;
pub use operations::Operations;
pub use reports::{
    Completion, CompletionPerson, CompletionRow, Drill, DrillRow, HrPage, PlanRow, PlanTopic,
    ReportTopic, Reports, Selection, TopicReport, ViewRequest, at_level, follow_up_plan,
};
pub use result::{Level, MissedItem, TestResult, TopicFeedback, TopicVerdict};
pub use test_taking::{AnswerInput, Current, ItemView, Progress, TestTaking, today};

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
    /// False discovery rates of the HR report's relative and absolute weak flags
    /// ([`crate::report::Config::fdr`], [`crate::report::Config::absolute_fdr`]).
    pub report_fdr: f64,
    pub report_absolute_fdr: f64,
    /// Retention: keep personal data of this many most recent cycles (`None`: keep everything).
    pub retention_keep_cycles: Option<usize>,
    /// When the author area's cached item statistics are recomputed.
    pub author_statistics: stats_cache::CacheSettings,
    /// Answers an item needs before a calibration proposal for it can be accepted.
    pub calibration_min_answers: u64,
    /// The målform of people without one from the roster or their own choice.
    pub malform: crate::text::Form,
    /// E-mail follow-up: links, reminder days, templates.
    pub followup: FollowupConfig,
    /// Days after a cycle's deadline in which a started test may be finished (unless the cycle
    /// sets its own).
    pub late_grace_days: u32,
    /// The privacy notice's controller, contact and legal basis.
    pub privacy: privacy::PrivacyConfig,
    /// Single sign-on with OpenID Connect (`None`: off). Its `base_url` is set from
    /// `followup.base_url` when the application is built.
    pub sso: Option<sso::SsoConfig>,
    /// Whether the login page offers the password form (and password logins are accepted).
    pub password_login: bool,
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
            report_fdr: crate::report::Config::default().fdr,
            report_absolute_fdr: crate::report::Config::default().absolute_fdr,
            retention_keep_cycles: None,
            author_statistics: stats_cache::CacheSettings::default(),
            calibration_min_answers: 200,
            malform: crate::text::Form::Nb,
            followup: FollowupConfig::default(),
            late_grace_days: 7,
            privacy: privacy::PrivacyConfig::default(),
            sso: None,
            password_login: true,
        }
    }
}

/// The application's parts over one store and one engine: built once at start-up (by `serve`,
/// the tests and the tools), then shared by every request.
#[derive(Debug, Clone)]
pub struct App {
    pub test_taking: Arc<TestTaking>,
    pub reports: Arc<Reports>,
    pub authoring: Arc<Authoring>,
    pub accounts: Arc<Accounts>,
    pub operations: Arc<Operations>,
    store: Arc<Store>,
    engine: Arc<LiveEngine>,
    /// E-mail follow-up: deciding, the dry run, the outbox.
    pub followup: Arc<Followup>,
    /// Unit leaders: completion and the topic report of their unit.
    pub leadership: Arc<Leadership>,
    /// What the privacy notice says.
    pub privacy: Arc<privacy::PrivacyNotice>,
    /// Single sign-on, when configured.
    pub sso: Option<Arc<sso::Sso>>,
    /// Whether password logins are accepted.
    pub password_login: bool,
}

impl App {
    pub fn new(store: Store, bank: ItemBank, mut config: Config) -> App {
        let store = Arc::new(store);
        // With single sign-on, invitations send people to the login page, never to a
        // set-password link.
        config.followup.sso = config.sso.is_some();
        // The installation speaks its bank's language; målform (bokmål or nynorsk) applies only
        // where that is Norwegian.
        let default_form = if bank.language.is_norwegian() {
            config.malform
        } else {
            bank.language
        };
        let exposure = config.exposure.clone();
        let engine = Arc::new(Engine::new(bank, exposure.clone()));
        let live = Arc::new(LiveEngine::new(engine.clone(), exposure));
        // Everything that speaks to a person who chose no form speaks the installation's.
        config.malform = default_form;
        let reports = Arc::new(
            Reports::new(store.clone(), engine.clone(), config.report_min_people)
                .with_default_form(default_form)
                .with_false_discovery_rates(config.report_fdr, config.report_absolute_fdr),
        );
        let accounts = Arc::new(Accounts::new(store.clone(), &config));
        let sso = config.sso.clone().map(|sso| {
            let base_url = config.followup.base_url.clone();
            Arc::new(sso::Sso::new(
                sso::SsoConfig { base_url, ..sso },
                accounts.clone(),
                store.clone(),
            ))
        });
        App {
            sso,
            password_login: config.password_login,
            test_taking: Arc::new(
                TestTaking::new(store.clone(), live.clone())
                    .with_default_form(default_form)
                    .with_late_grace_days(config.late_grace_days),
            ),
            leadership: Arc::new(Leadership::new(store.clone(), reports.clone())),
            privacy: Arc::new(privacy::PrivacyNotice {
                controller: config.privacy.controller.clone(),
                contact: config.privacy.contact.clone(),
                legal_basis: config.privacy.legal_basis.clone(),
                min_people: config.report_min_people,
                keep_cycles: config.retention_keep_cycles,
            }),
            reports: reports.clone(),
            authoring: Arc::new(
                Authoring::new(
                    store.clone(),
                    live.clone(),
                    reports.clone(),
                    config.author_statistics,
                )
                .with_calibration_min_answers(config.calibration_min_answers),
            ),
            accounts,
            operations: Arc::new(Operations::new(store.clone(), config.retention_keep_cycles)),
            followup: Arc::new(Followup::new(
                store.clone(),
                FollowupConfig {
                    default_form,
                    ..config.followup.clone()
                },
            )),
            store,
            engine: live,
        }
    }

    /// The database, for the tools and tests that set up or inspect it directly.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The shared database handle, for the e-mail worker.
    pub fn store_handle(&self) -> Arc<Store> {
        self.store.clone()
    }

    /// The item bank new tests start on now (the live engine's, see [`LiveEngine`]).
    pub fn bank(&self) -> BankRef {
        self.engine.bank()
    }
}

/// The engine behind live tests, replaced without a restart when authors publish an item.
///
/// New tests start on the [`LiveEngine::current`] engine. A test that was in progress when the
/// engine was replaced keeps the engine it was running on ([`LiveEngine::for_test`]) until the
/// server restarts, so its pool, rules and item parameters do not change under it; the text
/// and key it is shown and scored on are stored per item version anyway
/// (`store::ITEM_VERSIONS`). After a restart every test runs on the bank on disk, as before.
#[derive(Debug)]
pub struct LiveEngine {
    current: RwLock<Arc<Engine>>,
    /// Test id → the engine it started on, for tests in progress at a replacement.
    pinned: Mutex<HashMap<TestId, Arc<Engine>>>,
    /// The server's exposure setting, for engines built from a reloaded bank.
    exposure: Option<Exposure>,
}

impl LiveEngine {
    pub fn new(engine: Arc<Engine>, exposure: Option<Exposure>) -> LiveEngine {
        LiveEngine {
            current: RwLock::new(engine),
            pinned: Mutex::new(HashMap::new()),
            exposure,
        }
    }

    /// The engine new tests start on.
    pub fn current(&self) -> Arc<Engine> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The engine test `test_id` runs on.
    pub fn for_test(&self, test_id: TestId) -> Arc<Engine> {
        let pinned = self.pinned.lock().unwrap_or_else(|e| e.into_inner());
        match pinned.get(&test_id) {
            Some(engine) => engine.clone(),
            None => self.current(),
        }
    }

    /// The bank of the current engine.
    pub fn bank(&self) -> BankRef {
        BankRef(self.current())
    }

    /// Build an engine from `bank` (the server's exposure setting) and make it current. The
    /// tests in `in_progress` keep the engine they run on; pins of other tests are dropped
    /// (they have finished).
    pub fn replace(&self, bank: ItemBank, in_progress: &[TestId]) {
        let engine = Arc::new(Engine::new(bank, self.exposure.clone()));
        let mut pinned = self.pinned.lock().unwrap_or_else(|e| e.into_inner());
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let mut kept = HashMap::new();
        for &id in in_progress {
            let engine = pinned.get(&id).unwrap_or(&*current).clone();
            kept.insert(id, engine);
        }
        *pinned = kept;
        *current = engine;
    }
}

/// A bank held alive by its engine: derefs to [`ItemBank`].
#[derive(Debug, Clone)]
pub struct BankRef(Arc<Engine>);

impl std::ops::Deref for BankRef {
    type Target = ItemBank;

    fn deref(&self) -> &ItemBank {
        self.0.bank()
    }
}

//! Server configuration: a TOML file, `FORVALT_*` environment variables and command-line flags,
//! over documented defaults.
//!
//! Precedence: command line > environment > file > default. Every setting is one flat key
//! ([`KEYS`]); its environment variable is `FORVALT_` + the key in capitals (`report_min_people`
//! → `FORVALT_REPORT_MIN_PEOPLE`). Parsing is two-phase: raw values with their source
//! (file and line, variable or flag) are collected first, then each is checked and converted,
//! so every error names the key and where the bad value came from. An unknown key in the file
//! or an unknown `FORVALT_*` variable is an error too (a typo must not silently fall back to a
//! default).

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::app;
use crate::cat::Exposure;
use crate::web::HttpSettings;
use crate::web::ops::OpsSettings;

/// One setting: its key, default (as written in a file; empty = unset) and meaning.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub default: &'static str,
    pub doc: &'static str,
}

/// Every setting, in the order `forvalt config example` prints them.
pub const KEYS: &[Key] = &[
    Key {
        name: "addr",
        default: "\"127.0.0.1:8080\"",
        doc: "Address and port to listen on.",
    },
    Key {
        name: "db",
        default: "\"forvalt.redb\"",
        doc: "The database file (created if missing). With --demo the default is forvalt-demo.redb.",
    },
    Key {
        name: "bank",
        default: "\"item-bank\"",
        doc: "The item bank directory.",
    },
    Key {
        name: "secure_cookies",
        default: "false",
        doc: "Mark cookies Secure (only sent over HTTPS); set behind a TLS-terminating proxy.",
    },
    Key {
        name: "log_format",
        default: "\"text\"",
        doc: "Log lines as \"text\" or \"json\" (one JSON object per line). RUST_LOG filters them.",
    },
    Key {
        name: "login_max_failures_per_account",
        default: "5",
        doc: "Failed logins allowed per account within the login window.",
    },
    Key {
        name: "login_max_failures_per_client",
        default: "20",
        doc: "Failed logins allowed per client IP address within the login window.",
    },
    Key {
        name: "login_window_minutes",
        default: "15",
        doc: "The window (minutes) in which failed logins are counted.",
    },
    Key {
        name: "session_lifetime_minutes",
        default: "600",
        doc: "How long a login lasts (minutes).",
    },
    Key {
        name: "session_idle_minutes",
        default: "60",
        doc: "A login ends after this many minutes without a request.",
    },
    Key {
        name: "password_min_length",
        default: "12",
        doc: "Shortest password accepted when a password is set (common passwords are refused too).",
    },
    Key {
        name: "trusted_proxies",
        default: "",
        doc: "Reverse proxies (IP addresses) whose X-Forwarded-For names the client, e.g. \
              [\"127.0.0.1\"]; as an environment variable, separated by commas. Unset: the \
              client is the socket address (behind a proxy, set this, or every user shares the \
              proxy's address in the login limits).",
    },
    Key {
        name: "header_read_timeout_seconds",
        default: "10",
        doc: "A connection must send a request's headers within this time; idle keep-alive \
              connections are closed after it too.",
    },
    Key {
        name: "request_timeout_seconds",
        default: "30",
        doc: "A request's body must arrive, and its answer start, within this time (not for \
              /ops/backup).",
    },
    Key {
        name: "max_connections",
        default: "1024",
        doc: "Connections served at once; more wait in the listen queue.",
    },
    Key {
        name: "max_body_kib",
        default: "1024",
        doc: "Larger request bodies (KiB) are refused with 413.",
    },
    Key {
        name: "report_min_people",
        default: "5",
        doc: "k: HR reports hide a department x topic cell with fewer distinct caseworkers.",
    },
    Key {
        name: "report_fdr",
        default: "0.2",
        doc: "False discovery rate of the HR report's relative weak flags (a topic against the \
              department's other topics), in (0, 1]. The default is the operating point chosen by \
              simulation for 36-item tests; see the README before changing it.",
    },
    Key {
        name: "report_absolute_fdr",
        default: "0.2",
        doc: "False discovery rate of the HR report's absolute weak flags (a department against the \
              organisation), in (0, 1]. Longer tests than the shipped 36 items do better with a \
              stricter rate (README: 0.05 for 60 items).",
    },
    Key {
        name: "retention_keep_cycles",
        default: "",
        doc: "Keep personal data of this many most recent cycles; older cycles are pseudonymised \
              when the server starts and daily (unset: keep everything). At least 1; 2 keeps the \
              previous-cycle item exclusion working.",
    },
    Key {
        name: "author_statistics_max_age_minutes",
        default: "15",
        doc: "The author pages' item statistics are recomputed in the background when older than this.",
    },
    Key {
        name: "author_statistics_refresh_answers",
        default: "1000",
        doc: "... or when this many answers have been stored since they were computed.",
    },
    Key {
        name: "calibration_min_answers",
        default: "200",
        doc: "A calibration proposal's new parameters can be accepted for an item only when it has \
              at least this many answers.",
    },
    Key {
        name: "ops_token",
        default: "",
        doc: "Bearer token (at least 16 characters) that opens /metrics and /ops/backup. Unset: \
              the server makes one at start and writes it beside the database (<db>.ops-token, \
              readable by its own user only), where forvalt backup finds it.",
    },
    Key {
        name: "ops_allow_loopback",
        default: "false",
        doc: "Also let direct loopback requests (without any forwarding header) reach /metrics \
              and /ops/backup without the token. Anyone with a shell on the host can then read \
              the whole database.",
    },
    Key {
        name: "backups_per_hour",
        default: "6",
        doc: "Backups through /ops/backup that may start within an hour (one runs at a time).",
    },
    Key {
        name: "exposure",
        default: "\"bank\"",
        doc: "Exposure control in live tests: \"bank\": the item bank's own (Sympson-Hetter with \
              the bank's exposure.csv, else randomesque among the 4 most informative items); \
              \"randomesque\": a random one of the exposure_randomesque_k most informative \
              items; \"none\": always the most informative item (caseworkers with the same \
              answers get the same items; for trials, not for production).",
    },
    Key {
        name: "exposure_randomesque_k",
        default: "5",
        doc: "With exposure \"randomesque\": how many of the most informative items the next \
              item is drawn from (1 to 100; 1 is the same as \"none\"). Ignored otherwise.",
    },
    Key {
        name: "malform",
        default: "\"nb\"",
        doc: "The written form (\"nb\": bokmål, \"nn\": nynorsk) of caseworkers whose roster row \
              gives none; each person can switch on the home page.",
    },
    // E-mail follow-up and deadlines (issue 15).
    Key {
        name: "smtp_host",
        default: "",
        doc: "The SMTP server that sends invitations, reminders and leaders' digests. Unset: no \
              e-mail is sent (forvalt mail plan still shows what would be).",
    },
    Key {
        name: "smtp_port",
        default: "587",
        doc: "The SMTP server's port (587 for starttls, 465 for tls, 25 for none).",
    },
    Key {
        name: "smtp_tls",
        default: "\"starttls\"",
        doc: "How the SMTP connection is secured: \"starttls\" (required), \"tls\" (from the \
              first byte) or \"none\" (a relay on a trusted network only).",
    },
    Key {
        name: "smtp_user",
        default: "",
        doc: "User name at the SMTP server, if it wants one (with smtp_password).",
    },
    Key {
        name: "smtp_password",
        default: "",
        doc: "Password at the SMTP server.",
    },
    Key {
        name: "mail_from",
        default: "",
        doc: "The sender of the e-mails, e.g. \"Forvalt <forvalt@etat.no>\" (needed with \
              smtp_host; its domain ends every Message-ID).",
    },
    Key {
        name: "base_url",
        default: "\"http://127.0.0.1:8080\"",
        doc: "The address users reach the server at, for links in e-mails.",
    },
    Key {
        name: "password_link_hours",
        default: "72",
        doc: "How long a set-password link (in an invitation, or sent by an administrator) \
              can be used, in hours.",
    },
    Key {
        name: "mail_reminder_days",
        default: "\"7,1\"",
        doc: "Reminders to those who have not completed, this many days before the deadline \
              (comma-separated; one reminder per day listed).",
    },
    Key {
        name: "mail_templates",
        default: "",
        doc: "A directory of e-mail templates (nb/ and nn/, see mail-templates/README.md) that \
              replace the built-in ones file by file.",
    },
    Key {
        name: "mail_retry_seconds",
        default: "60",
        doc: "Wait before the first retry of a message that could not be sent; each further \
              retry waits twice as long (at most an hour).",
    },
    Key {
        name: "mail_max_attempts",
        default: "10",
        doc: "Attempts before a message is marked failed (an admin can retry it at /admin/utboks).",
    },
    Key {
        name: "mail_schedule_minutes",
        default: "60",
        doc: "How often the server decides which invitations, reminders and digests are due.",
    },
    Key {
        name: "privacy_controller",
        default: "",
        doc: "The privacy notice (/personvern): who is responsible for the processing (unset: \
              \"the agency you work for\" in the reader's language).",
    },
    Key {
        name: "privacy_contact",
        default: "",
        doc: "The privacy notice: whom to ask (e.g. the data protection officer's e-mail; unset: \
              \"the agency's data protection officer\").",
    },
    Key {
        name: "privacy_legal_basis",
        default: "",
        doc: "The privacy notice: the legal basis in the agency's words (unset: a default text \
              citing GDPR art. 6(1)(e) that the agency should check).",
    },
    Key {
        name: "late_grace_days",
        default: "7",
        doc: "Days after a cycle's deadline in which a test already started may be finished \
              (0: none). A cycle with allow_late accepts new tests after the deadline too.",
    },
    // Single sign-on with OpenID Connect (issue 14).
    Key {
        name: "oidc_issuer",
        default: "",
        doc: "Single sign-on: the OpenID Provider's issuer URL (its discovery document is \
              <issuer>/.well-known/openid-configuration), e.g. \
              \"https://login.microsoftonline.com/<tenant-id>/v2.0\". Unset: no single sign-on. \
              Register <base_url>/logg-inn/sso/retur as the redirect URI and <base_url>/logg-inn \
              as the post-logout redirect URI.",
    },
    Key {
        name: "oidc_client_id",
        default: "",
        doc: "Single sign-on: this application's client id at the provider.",
    },
    Key {
        name: "oidc_client_secret",
        default: "",
        doc: "Single sign-on: the client secret (unset: a public client, PKCE only).",
    },
    Key {
        name: "oidc_scopes",
        default: "\"openid profile email\"",
        doc: "Single sign-on: the scopes asked for (separated by spaces; openid is always asked).",
    },
    Key {
        name: "oidc_employee_claim",
        default: "\"preferred_username\"",
        doc: "Single sign-on: the claim whose value is the employee id in the roster (compared \
              without regard to case), e.g. preferred_username, employeeId, pid. Read from the ID \
              token, else from the userinfo endpoint.",
    },
    Key {
        name: "oidc_display_name",
        default: "\"virksomhetens konto\"",
        doc: "Single sign-on: the provider's name on the login button (\"Logg inn med ...\"), \
              e.g. \"Microsoft Entra ID\", \"ID-porten\" or \"Feide\".",
    },
    Key {
        name: "oidc_roles_claim",
        default: "",
        doc: "Single sign-on: a claim with the person's groups or roles (e.g. groups, roles). \
              With it, the provider decides the role at every sign-in through oidc_role_map; \
              people with no mapped value are caseworkers. Unset: roles come from the roster.",
    },
    Key {
        name: "oidc_role_map",
        default: "",
        doc: "Single sign-on: group values and roles, e.g. \"Forvalt.HR=hr, Forvalt.Admin=admin, \
              Forvalt.Author=author\" (needs oidc_roles_claim; the highest role wins).",
    },
    Key {
        name: "password_login",
        default: "true",
        doc: "Offer the password form on the login page. false needs oidc_issuer: everyone then \
              signs in through the OpenID Provider.",
    },
];

/// Largest `exposure_randomesque_k`: beyond the 100 most informative items the choice is no
/// longer adaptive in any useful sense.
const MAX_RANDOMESQUE_K: usize = 100;

/// Longest time a `*_minutes` setting (and `password_link_hours`) can give: a year. Beyond it a
/// login, a link or a schedule outlives any deployment, and the times computed from it (now +
/// lifetime) no longer fit in a timestamp.
const MAX_MINUTES: usize = 366 * 24 * 60;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub bank: PathBuf,
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    pub app: app::Config,
    pub ops: OpsSettings,
    pub http: HttpSettings,
    /// Every key with the value used and where it came from (the token masked), for
    /// `forvalt config show`.
    pub origins: Vec<(&'static str, String, Source)>,
    /// SMTP and the outbox worker.
    pub mail: crate::mail::MailSettings,
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File { path: PathBuf, line: usize },
    Env(String),
    Cli(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "default"),
            Source::File { path, line } => write!(f, "{}:{line}", path.display()),
            Source::Env(var) => write!(f, "environment variable {var}"),
            Source::Cli(flag) => write!(f, "{flag}"),
        }
    }
}

/// A configuration error, naming the key and the source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// A value as given, before checking.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Other(&'static str),
}

/// Raw values by key, each from its strongest source.
#[derive(Debug, Default)]
struct Layers {
    values: BTreeMap<&'static str, (Raw, Source)>,
}

impl Layers {
    /// Add a layer on top (its values win).
    fn set(&mut self, key: &'static str, raw: Raw, source: Source) {
        self.values.insert(key, (raw, source));
    }
}

fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

fn known_keys() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// The environment variable of a key.
pub fn env_var(key: &str) -> String {
    format!("FORVALT_{}", key.to_uppercase())
}

/// Read the file layer. Errors carry `file:line`.
fn file_layer(path: &Path, layers: &mut Layers) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
    let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> = toml::from_str(&text)
        .map_err(|e| {
            let line = e
                .span()
                .map(|s| line_of(&text, s.start))
                .map(|l| format!(":{l}"))
                .unwrap_or_default();
            ConfigError(format!(
                "{}{line}: {}",
                path.display(),
                e.message().trim_end()
            ))
        })?;
    for (name, value) in table {
        let line = line_of(&text, name.span().start);
        let Some(k) = key(name.get_ref()) else {
            return Err(ConfigError(format!(
                "{}:{line}: unknown key `{}` (known keys: {})",
                path.display(),
                name.get_ref(),
                known_keys()
            )));
        };
        let raw = match value.into_inner() {
            toml::Value::String(s) => Raw::Str(s),
            toml::Value::Integer(i) => Raw::Int(i),
            toml::Value::Boolean(b) => Raw::Bool(b),
            toml::Value::Float(x) => Raw::Float(x),
            toml::Value::Datetime(_) => Raw::Other("a date"),
            toml::Value::Array(values) if k.name == "trusted_proxies" => {
                let strings: Option<Vec<String>> = values
                    .into_iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                match strings {
                    Some(strings) => Raw::Str(strings.join(",")),
                    None => Raw::Other("an array of non-strings"),
                }
            }
            toml::Value::Array(_) => Raw::Other("an array"),
            toml::Value::Table(_) => Raw::Other("a table"),
        };
        layers.set(
            k.name,
            raw,
            Source::File {
                path: path.to_path_buf(),
                line,
            },
        );
    }
    Ok(())
}

fn line_of(text: &str, offset: usize) -> usize {
    crate::bank::line_of(text, offset)
}

/// Read the environment layer from `FORVALT_*` variables (`FORVALT_CONFIG` names the file and
/// is not a setting).
fn env_layer(env: &[(String, String)], layers: &mut Layers) -> Result<(), ConfigError> {
    for (var, value) in env {
        let Some(rest) = var.strip_prefix("FORVALT_") else {
            continue;
        };
        if var == "FORVALT_CONFIG" {
            continue;
        }
        let Some(k) = key(&rest.to_lowercase()).filter(|k| env_var(k.name) == *var) else {
            return Err(ConfigError(format!(
                "environment variable {var}: unknown setting (known: {})",
                KEYS.iter()
                    .map(|k| env_var(k.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        layers.set(k.name, Raw::Str(value.clone()), Source::Env(var.clone()));
    }
    Ok(())
}

/// Values given on the command line: `(key, value, flag)`.
pub type CliValues = Vec<(&'static str, String, &'static str)>;

/// What the settings are resolved for: a regular run, or the demo (`serve --demo`), whose
/// default database is `forvalt-demo.redb` so a demo never writes into a real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Regular,
    Demo,
}

/// Resolve the settings from a file (if any), the environment (the process's `FORVALT_*`
/// variables, passed in) and command-line values.
pub fn resolve(
    file: Option<&Path>,
    env: &[(String, String)],
    cli: &CliValues,
    mode: Mode,
) -> Result<Settings, ConfigError> {
    let mut layers = Layers::default();
    if let Some(path) = file {
        file_layer(path, &mut layers)?;
    }
    env_layer(env, &mut layers)?;
    for (name, value, flag) in cli {
        let k = key(name).expect("command-line flags map to known keys");
        layers.set(
            k.name,
            Raw::Str(value.clone()),
            Source::Cli(flag.to_string()),
        );
    }
    let mut p = Parser {
        layers,
        origins: Vec::new(),
    };
    let defaults = app::Config::default();
    let addr = p.get("addr", |s| {
        s.parse::<SocketAddr>()
            .map_err(|_| "expected an address such as 127.0.0.1:8080".to_string())
    })?;
    let mut db = p.get("db", path_value)?;
    if mode == Mode::Demo && p.origins.last().is_some_and(|o| o.2 == Source::Default) {
        db = PathBuf::from("forvalt-demo.redb");
        p.origins.last_mut().expect("just pushed").1 = "forvalt-demo.redb".to_string();
    }
    let bank = p.get("bank", path_value)?;
    let secure_cookies = p.get_bool("secure_cookies")?;
    let log_format = p.get("log_format", |s| match s {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        _ => Err("expected \"text\" or \"json\"".to_string()),
    })?;
    let app_config = app::Config {
        max_failures_per_account: p.get_count("login_max_failures_per_account")?,
        max_failures_per_client: p.get_count("login_max_failures_per_client")?,
        login_window: p.get_minutes("login_window_minutes")?,
        session_lifetime: p.get_minutes("session_lifetime_minutes")?,
        session_idle: p.get_minutes("session_idle_minutes")?,
        password_min_length: p.get_count("password_min_length")?,
        report_min_people: p.get_count("report_min_people")?,
        report_fdr: p.get("report_fdr", rate)?,
        report_absolute_fdr: p.get("report_absolute_fdr", rate)?,
        retention_keep_cycles: p.get_optional_count("retention_keep_cycles")?,
        author_statistics: app::stats_cache::CacheSettings {
            max_age: p.get_minutes("author_statistics_max_age_minutes")?,
            refresh_answers: p.get_count("author_statistics_refresh_answers")? as u64,
        },
        calibration_min_answers: p.get_count("calibration_min_answers")? as u64,
        ..defaults
    };
    let token = p.get_optional("ops_token", |s| {
        if s.chars().count() < 16 {
            Err("the token must have at least 16 characters".to_string())
        } else if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Err("the token must not contain spaces".to_string())
        } else {
            Ok(s.to_string())
        }
    })?;
    let allow_loopback = p.get_bool("ops_allow_loopback")?;
    let backups_per_hour = p.get_count("backups_per_hour")?;
    let trusted_proxies = p
        .get_optional("trusted_proxies", |s| {
            s.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| {
                    a.parse::<std::net::IpAddr>()
                        .map_err(|_| format!("expected IP addresses such as 127.0.0.1, not {a:?}"))
                })
                .collect::<Result<Vec<_>, _>>()
        })?
        .unwrap_or_default();
    let http = HttpSettings {
        trusted_proxies,
        header_read_timeout: Duration::from_secs(p.get_count("header_read_timeout_seconds")? as u64),
        request_timeout: Duration::from_secs(p.get_count("request_timeout_seconds")? as u64),
        // The server counts connections with a semaphore, which holds at most this many.
        max_connections: p.get("max_connections", |s| {
            count_at_most(s, tokio::sync::Semaphore::MAX_PERMITS)
        })?,
        max_body_bytes: p.get_count("max_body_kib")?.saturating_mul(1024),
    };
    let exposure = p.get("exposure", |s| match s {
        "bank" | "randomesque" | "none" => Ok(s.to_string()),
        _ => Err("expected \"bank\", \"randomesque\" or \"none\"".to_string()),
    })?;
    let randomesque_k = p.get("exposure_randomesque_k", |s| match s.parse::<usize>() {
        Ok(k) if (1..=MAX_RANDOMESQUE_K).contains(&k) => Ok(k),
        _ => Err(format!(
            "expected a whole number from 1 to {MAX_RANDOMESQUE_K}"
        )),
    })?;
    let malform = p.get("malform", |s| {
        crate::text::Form::parse(s)
            .filter(crate::text::Form::is_norwegian)
            .ok_or_else(|| "expected \"nb\" or \"nn\"".to_string())
    })?;
    let app_config = app::Config {
        malform,
        exposure: match exposure.as_str() {
            "randomesque" => Some(Exposure::Randomesque { k: randomesque_k }),
            "none" => Some(Exposure::None),
            _ => None, // "bank": the bank's own (`ItemBank::live_exposure`)
        },
        ..app_config
    };
    let (mail, followup, late_grace_days) = mail_settings(&mut p)?;
    let text = |s: &str| Ok(s.to_string());
    let privacy = app::privacy::PrivacyConfig {
        controller: p.get_optional("privacy_controller", text)?,
        contact: p.get_optional("privacy_contact", text)?,
        legal_basis: p.get_optional("privacy_legal_basis", text)?,
    };
    let (sso, password_login) = sso_settings(&mut p)?;
    let app_config = app::Config {
        followup,
        late_grace_days,
        privacy,
        sso,
        password_login,
        ..app_config
    };
    for origin in p.origins.iter_mut() {
        let secret = ["ops_token", "smtp_password", "oidc_client_secret"].contains(&origin.0);
        if secret && !origin.1.is_empty() {
            origin.1 = "(set)".to_string();
        }
    }
    Ok(Settings {
        addr,
        db,
        bank,
        secure_cookies,
        log_format,
        app: app_config,
        ops: OpsSettings {
            token,
            allow_loopback,
            backups_per_hour,
        },
        http,
        origins: p.origins,
        mail,
    })
}

/// The single sign-on settings (`None` when `oidc_issuer` is unset) and whether password login
/// is offered. Its `base_url` is filled in by `App::new` from the follow-up's.
fn sso_settings(p: &mut Parser) -> Result<(Option<app::sso::SsoConfig>, bool), ConfigError> {
    let issuer = p.get_optional("oidc_issuer", |s| {
        let local = ["http://localhost", "http://127.0.0.1", "http://[::1]"]
            .iter()
            .any(|prefix| s.starts_with(prefix));
        if s.starts_with("https://") || local {
            Ok(s.trim_end_matches('/').to_string())
        } else {
            Err("expected an https:// address (http:// only on this host, for tests)".to_string())
        }
    })?;
    let issuer_origin = p.origins.last().map(|o| o.2.clone());
    let client_id = p.get_optional("oidc_client_id", |s| Ok(s.to_string()))?;
    let client_secret = p.get_optional("oidc_client_secret", |s| Ok(s.to_string()))?;
    let scopes = p.get("oidc_scopes", |s| {
        let scopes: Vec<String> = s
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty() && *s != "openid")
            .map(str::to_string)
            .collect();
        Ok(scopes)
    })?;
    let employee_claim = p.get("oidc_employee_claim", |s| {
        if s.is_empty() {
            Err("expected a claim name such as preferred_username".to_string())
        } else {
            Ok(s.to_string())
        }
    })?;
    let display_name = p.get("oidc_display_name", |s| Ok(s.to_string()))?;
    let roles_claim = p.get_optional("oidc_roles_claim", |s| Ok(s.to_string()))?;
    let roles_origin = p.origins.last().map(|o| o.2.clone());
    let role_map = p
        .get_optional("oidc_role_map", |s| {
            s.split(',')
                .map(str::trim)
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (group, role) = pair
                        .rsplit_once('=')
                        .ok_or_else(|| format!("expected GROUP=ROLE, not {pair:?}"))?;
                    let role = crate::store::Role::parse(role).ok_or_else(|| {
                        format!("unknown role {role:?} (caseworker, hr, author, admin)")
                    })?;
                    Ok((group.trim().to_string(), role))
                })
                .collect::<Result<Vec<_>, String>>()
        })?
        .unwrap_or_default();
    let password_login = p.get_bool("password_login")?;
    let password_origin = p.origins.last().map(|o| o.2.clone());
    let fail = |source: Option<Source>, message: &str| {
        let source = source.map_or_else(String::new, |s| format!("{s}: "));
        ConfigError(format!("{source}{message}"))
    };
    let Some(issuer) = issuer else {
        if !password_login {
            return Err(fail(
                password_origin,
                "password_login: false needs single sign-on (oidc_issuer); nobody could log in",
            ));
        }
        return Ok((None, password_login));
    };
    let Some(client_id) = client_id.filter(|c| !c.is_empty()) else {
        return Err(fail(issuer_origin, "oidc_issuer needs oidc_client_id too"));
    };
    if roles_claim.is_some() == role_map.is_empty() {
        return Err(fail(
            roles_origin,
            "oidc_roles_claim and oidc_role_map go together (set both or neither)",
        ));
    }
    Ok((
        Some(app::sso::SsoConfig {
            issuer,
            client_id,
            client_secret: client_secret.filter(|s| !s.is_empty()),
            scopes,
            employee_claim,
            display_name,
            roles_claim,
            role_map,
            base_url: String::new(),
        }),
        password_login,
    ))
}

/// The e-mail settings, the follow-up configuration (with the templates loaded and checked)
/// and the grace period after deadlines.
fn mail_settings(
    p: &mut Parser,
) -> Result<(crate::mail::MailSettings, app::FollowupConfig, u32), ConfigError> {
    use crate::mail::{MailSettings, SmtpSettings, Templates, Tls};
    let host = p.get_optional("smtp_host", |s| Ok(s.to_string()))?;
    let port = p.get("smtp_port", |s| {
        s.parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| "expected a port number from 1 to 65535".to_string())
    })?;
    let tls = p.get("smtp_tls", |s| {
        Tls::parse(s).ok_or_else(|| "expected \"starttls\", \"tls\" or \"none\"".to_string())
    })?;
    let user = p.get_optional("smtp_user", |s| Ok(s.to_string()))?;
    let password = p.get_optional("smtp_password", |s| Ok(s.to_string()))?;
    let from = p.get_optional("mail_from", |s| Ok(s.to_string()))?;
    let base_url = p.get("base_url", |s| {
        if s.starts_with("http://") || s.starts_with("https://") {
            Ok(s.trim_end_matches('/').to_string())
        } else {
            Err("expected an address starting with http:// or https://".to_string())
        }
    })?;
    let reminder_days = p.get("mail_reminder_days", |s| {
        s.split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.parse::<u32>()
                    .map_err(|_| format!("expected days such as \"7,1\", not {d:?}"))
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    let password_link_hours = p.get("password_link_hours", |s| {
        count_at_most(s, MAX_MINUTES / 60)
    })?;
    let templates_dir = p.get_optional("mail_templates", path_value)?;
    let retry_seconds = p.get_count("mail_retry_seconds")?;
    let max_attempts = p.get("mail_max_attempts", |s| count_at_most(s, u32::MAX as usize))?;
    let schedule_every = p.get_minutes("mail_schedule_minutes")?;
    let late_grace_days = p.get("late_grace_days", |s| {
        s.parse::<u32>()
            .map_err(|_| "expected a whole number of days ≥ 0".to_string())
    })?;
    let smtp = match host {
        None => None,
        Some(host) => {
            let Some(from) = from else {
                return Err(ConfigError(
                    "mail_from: needed when smtp_host is set (the sender of the e-mails)".into(),
                ));
            };
            let credentials = match (user, password) {
                (Some(u), Some(pw)) => Some((u, pw)),
                (None, None) => None,
                _ => {
                    return Err(ConfigError(
                        "smtp_user and smtp_password: set both or neither".into(),
                    ));
                }
            };
            Some(SmtpSettings {
                host,
                port,
                tls,
                credentials,
                from,
                timeout: Duration::from_secs(60),
            })
        }
    };
    if let Some(smtp) = &smtp {
        crate::mail::Mailer::new(smtp).map_err(ConfigError)?;
    }
    let templates = Templates::load(templates_dir.as_deref()).map_err(ConfigError)?;
    let smtp_enabled = smtp.is_some();
    Ok((
        MailSettings {
            smtp,
            retry_base: Duration::from_secs(retry_seconds as u64),
            max_attempts: max_attempts as u32,
            schedule_every,
            templates_dir,
        },
        app::FollowupConfig {
            base_url,
            reminder_days,
            templates: std::sync::Arc::new(templates),
            // Set from the `malform` setting when the app is built.
            default_form: crate::text::Form::Nb,
            password_link_hours: password_link_hours.max(1) as u32,
            mail_enabled: smtp_enabled,
            sso: false,
        },
        late_grace_days,
    ))
}

fn path_value(s: &str) -> Result<PathBuf, String> {
    if s.trim().is_empty() {
        Err("expected a file or directory path".to_string())
    } else {
        Ok(PathBuf::from(s))
    }
}

/// Checks and converts raw values, recording where each came from.
struct Parser {
    layers: Layers,
    origins: Vec<(&'static str, String, Source)>,
}

impl Parser {
    /// The raw text of a key and its source, or the default when unset.
    fn raw(&self, name: &'static str) -> Option<(Raw, Source)> {
        self.layers.values.get(name).cloned().or_else(|| {
            let default = key(name).expect("known key").default;
            (!default.is_empty()).then(|| {
                let raw = match default.parse::<i64>() {
                    Ok(i) => Raw::Int(i),
                    Err(_) => match default {
                        "true" => Raw::Bool(true),
                        "false" => Raw::Bool(false),
                        _ => Raw::Str(default.trim_matches('"').to_string()),
                    },
                };
                (raw, Source::Default)
            })
        })
    }

    fn fail(name: &str, source: &Source, got: &Raw, message: &str) -> ConfigError {
        let got = match got {
            Raw::Str(s) => format!("\"{s}\""),
            Raw::Int(i) => i.to_string(),
            Raw::Float(x) => x.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::Other(kind) => kind.to_string(),
        };
        ConfigError(format!("{source}: {name}: {message}, got {got}"))
    }

    fn get_optional<T>(
        &mut self,
        name: &'static str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ConfigError> {
        let Some((raw, source)) = self.raw(name) else {
            self.origins.push((name, String::new(), Source::Default));
            return Ok(None);
        };
        let text = match &raw {
            Raw::Str(s) => s.clone(),
            Raw::Int(i) => i.to_string(),
            Raw::Float(x) => x.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::Other(_) => return Err(Self::fail(name, &source, &raw, "expected a value")),
        };
        let value = parse(text.trim()).map_err(|m| Self::fail(name, &source, &raw, &m))?;
        self.origins.push((name, text, source));
        Ok(Some(value))
    }

    fn get<T>(
        &mut self,
        name: &'static str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        Ok(self
            .get_optional(name, parse)?
            .expect("keys read with get have a default"))
    }

    fn get_bool(&mut self, name: &'static str) -> Result<bool, ConfigError> {
        self.get(name, |s| match s {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err("expected true or false".to_string()),
        })
    }

    fn get_optional_count(&mut self, name: &'static str) -> Result<Option<usize>, ConfigError> {
        self.get_optional(name, count)
    }

    fn get_count(&mut self, name: &'static str) -> Result<usize, ConfigError> {
        self.get(name, count)
    }

    /// A `*_minutes` setting: at least one minute, at most [`MAX_MINUTES`].
    fn get_minutes(&mut self, name: &'static str) -> Result<Duration, ConfigError> {
        let minutes = self.get(name, |s| count_at_most(s, MAX_MINUTES))?;
        Ok(Duration::from_secs(60 * minutes as u64))
    }
}

/// A whole number from 1 to `max`.
fn count_at_most(s: &str, max: usize) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("expected a whole number from 1 to {max}")),
    }
}

/// A whole number ≥ 1.
fn count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number ≥ 1".to_string()),
    }
}

/// A rate in (0, 1], such as a false discovery rate.
fn rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 1.0 => Ok(x),
        _ => Err("expected a number greater than 0 and at most 1".to_string()),
    }
}

/// The process's `FORVALT_*` environment variables.
pub fn process_env() -> Vec<(String, String)> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .filter(|(k, _)| k.starts_with("FORVALT_"))
        .collect()
}

/// A commented example file with every key at its default.
pub fn example() -> String {
    let mut out = String::from(
        "# forvalt configuration (forvalt serve --config forvalt.toml).\n\
         # Precedence: command line > environment (FORVALT_<KEY>) > this file > defaults.\n\
         # Every key is optional; uncomment to change a default.\n",
    );
    for k in KEYS {
        out.push('\n');
        for line in wrap(k.doc, 90) {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("# Environment: {}\n", env_var(k.name)));
        if k.default.is_empty() {
            let example = match k.name {
                "retention_keep_cycles" => "3",
                "trusted_proxies" => "[\"127.0.0.1\"]",
                "smtp_host" => "\"smtp.etat.no\"",
                "smtp_user" => "\"forvalt\"",
                "smtp_password" => "\"replace-with-the-password\"",
                "mail_from" => "\"Forvalt <forvalt@etat.no>\"",
                "mail_templates" => "\"mail-templates\"",
                "privacy_legal_basis" => "\"Personvernforordningen artikkel 6 nr. 1 bokstav e\"",
                "oidc_issuer" => "\"https://login.microsoftonline.com/<tenant-id>/v2.0\"",
                "oidc_client_id" => "\"<application-client-id>\"",
                "oidc_client_secret" => "\"replace-with-the-client-secret\"",
                "oidc_roles_claim" => "\"roles\"",
                "oidc_role_map" => "\"Forvalt.HR=hr, Forvalt.Admin=admin\"",
                _ => "\"replace-with-a-long-random-token\"",
            };
            out.push_str(&format!("# {} = {example}\n", k.name));
        } else {
            out.push_str(&format!("# {} = {}\n", k.name, k.default));
        }
    }
    out
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("forvalt.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn dir(label: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("forvalt-config-{label}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn defaults_without_any_source() {
        let s = resolve(None, &[], &Vec::new(), Mode::Regular).unwrap();
        assert_eq!(s.addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(s.db, PathBuf::from("forvalt.redb"));
        assert_eq!(s.app.report_min_people, 5);
        assert_eq!(s.app.session_lifetime, Duration::from_secs(600 * 60));
        assert_eq!(s.app.retention_keep_cycles, None);
        assert_eq!(s.ops, OpsSettings::default());
        assert_eq!(s.log_format, LogFormat::Text);
        let demo = resolve(None, &[], &Vec::new(), Mode::Demo).unwrap();
        assert_eq!(demo.db, PathBuf::from("forvalt-demo.redb"));
    }

    #[test]
    fn cli_beats_env_beats_file_beats_default() {
        let d = dir("precedence");
        let file = write(
            &d,
            "addr = \"127.0.0.1:9000\"\nreport_min_people = 7\nlogin_window_minutes = 30\ndb = \"file.redb\"\n",
        );
        let env = vec![
            ("FORVALT_REPORT_MIN_PEOPLE".to_string(), "8".to_string()),
            ("FORVALT_DB".to_string(), "env.redb".to_string()),
        ];
        let cli: CliValues = vec![("db", "cli.redb".to_string(), "--db")];
        let s = resolve(Some(&file), &env, &cli, Mode::Regular).unwrap();
        assert_eq!(s.addr.port(), 9000, "file over default");
        assert_eq!(s.app.report_min_people, 8, "env over file");
        assert_eq!(s.db, PathBuf::from("cli.redb"), "cli over env");
        assert_eq!(s.app.login_window, Duration::from_secs(30 * 60));
        assert_eq!(s.app.max_failures_per_account, 5, "default");
        let origin = |k: &str| s.origins.iter().find(|o| o.0 == k).unwrap().2.clone();
        assert_eq!(
            origin("report_min_people"),
            Source::Env("FORVALT_REPORT_MIN_PEOPLE".into())
        );
        assert_eq!(
            origin("addr"),
            Source::File {
                path: file.clone(),
                line: 1
            }
        );
        assert_eq!(origin("bank"), Source::Default);
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let d = dir("unknown");
        let file = write(&d, "addr = \"127.0.0.1:9000\"\n\nreport_min_peple = 3\n");
        let e = resolve(Some(&file), &[], &Vec::new(), Mode::Regular)
            .unwrap_err()
            .0;
        assert!(e.contains("forvalt.toml:3"), "{e}");
        assert!(e.contains("unknown key `report_min_peple`"), "{e}");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn false_discovery_rates_are_read_as_decimals_or_whole_numbers() {
        let d = dir("fdr");
        let file = write(&d, "report_fdr = 0.05\nreport_absolute_fdr = 1\n");
        let s = resolve(Some(&file), &[], &Vec::new(), Mode::Regular).unwrap();
        assert_eq!((s.app.report_fdr, s.app.report_absolute_fdr), (0.05, 1.0));
        let env = vec![("FORVALT_REPORT_ABSOLUTE_FDR".to_string(), "0.1".to_string())];
        let s = resolve(Some(&file), &env, &Vec::new(), Mode::Regular).unwrap();
        assert_eq!((s.app.report_fdr, s.app.report_absolute_fdr), (0.05, 0.1));
        let s = resolve(None, &[], &Vec::new(), Mode::Regular).unwrap();
        assert_eq!((s.app.report_fdr, s.app.report_absolute_fdr), (0.2, 0.2));
    }

    #[test]
    fn bad_values_name_key_and_source() {
        let d = dir("bad");
        for (text, want) in [
            (
                "report_min_people = 0\n",
                "forvalt.toml:1: report_min_people: expected a whole number ≥ 1, got 0",
            ),
            (
                "\nreport_min_people = \"fem\"\n",
                "forvalt.toml:2: report_min_people",
            ),
            (
                "addr = \"nowhere\"\n",
                "forvalt.toml:1: addr: expected an address",
            ),
            (
                "secure_cookies = 3\n",
                "secure_cookies: expected true or false, got 3",
            ),
            (
                "log_format = \"xml\"\n",
                "log_format: expected \"text\" or \"json\"",
            ),
            (
                "ops_token = \"short\"\n",
                "ops_token: the token must have at least 16 characters",
            ),
            (
                "session_lifetime_minutes = 1.5\n",
                "session_lifetime_minutes: expected a whole number from 1 to 527040, got 1.5",
            ),
            (
                "report_fdr = 0\n",
                "forvalt.toml:1: report_fdr: expected a number greater than 0 and at most 1, got 0",
            ),
            (
                "\nreport_absolute_fdr = 1.5\n",
                "forvalt.toml:2: report_absolute_fdr: expected a number greater than 0 and at most 1, got 1.5",
            ),
            ("report_fdr = \"NaN\"\n", "report_fdr: expected a number"),
            ("addr = \n", "forvalt.toml:1"),
        ] {
            let file = write(&d, text);
            let e = resolve(Some(&file), &[], &Vec::new(), Mode::Regular)
                .unwrap_err()
                .0;
            assert!(e.contains(want), "{text:?}: {e}");
        }
        let env = vec![("FORVALT_LOGIN_WINDOW_MINUTES".to_string(), "x".to_string())];
        let e = resolve(None, &env, &Vec::new(), Mode::Regular)
            .unwrap_err()
            .0;
        assert!(
            e.starts_with(
                "environment variable FORVALT_LOGIN_WINDOW_MINUTES: login_window_minutes"
            ),
            "{e}"
        );
        let env = vec![("FORVALT_ADRESS".to_string(), "x".to_string())];
        let e = resolve(None, &env, &Vec::new(), Mode::Regular)
            .unwrap_err()
            .0;
        assert!(e.contains("FORVALT_ADRESS: unknown setting"), "{e}");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn exposure_choices_map_to_the_service_config() {
        let d = dir("exposure");
        let s = resolve(None, &[], &Vec::new(), Mode::Regular).unwrap();
        assert_eq!(s.app.exposure, None, "default: the bank's own");
        for (text, want) in [
            ("exposure = \"bank\"\n", None),
            ("exposure = \"none\"\n", Some(Exposure::None)),
            (
                "exposure = \"randomesque\"\n",
                Some(Exposure::Randomesque { k: 5 }),
            ),
            (
                "exposure = \"randomesque\"\nexposure_randomesque_k = 3\n",
                Some(Exposure::Randomesque { k: 3 }),
            ),
            // k alone changes nothing: it applies to "randomesque" only.
            ("exposure_randomesque_k = 9\n", None),
        ] {
            let file = write(&d, text);
            let s = resolve(Some(&file), &[], &Vec::new(), Mode::Regular).unwrap();
            assert_eq!(s.app.exposure, want, "{text:?}");
        }
        // The environment beats the file, and `config show` lists both keys with their source.
        let file = write(&d, "exposure = \"none\"\n");
        let env = vec![
            ("FORVALT_EXPOSURE".to_string(), "randomesque".to_string()),
            (
                "FORVALT_EXPOSURE_RANDOMESQUE_K".to_string(),
                "2".to_string(),
            ),
        ];
        let s = resolve(Some(&file), &env, &Vec::new(), Mode::Regular).unwrap();
        assert_eq!(s.app.exposure, Some(Exposure::Randomesque { k: 2 }));
        let origin = |k: &str| s.origins.iter().find(|o| o.0 == k).unwrap().clone();
        assert_eq!(
            origin("exposure"),
            (
                "exposure",
                "randomesque".to_string(),
                Source::Env("FORVALT_EXPOSURE".into())
            )
        );
        assert_eq!(origin("exposure_randomesque_k").1, "2");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn bad_exposure_values_name_key_and_line() {
        let d = dir("bad-exposure");
        for (text, want) in [
            (
                "exposure = \"sympson\"\n",
                "forvalt.toml:1: exposure: expected \"bank\", \"randomesque\" or \"none\", got \"sympson\"",
            ),
            (
                "exposure = \"Bank\"\n",
                "forvalt.toml:1: exposure: expected \"bank\"",
            ),
            ("exposure = true\n", "forvalt.toml:1: exposure: expected"),
            (
                "exposure = \"randomesque\"\nexposure_randomesque_k = 0\n",
                "forvalt.toml:2: exposure_randomesque_k: expected a whole number from 1 to 100, got 0",
            ),
            (
                "exposure_randomesque_k = 101\n",
                "forvalt.toml:1: exposure_randomesque_k: expected a whole number from 1 to 100, got 101",
            ),
            (
                "\n\nexposure_randomesque_k = \"fem\"\n",
                "forvalt.toml:3: exposure_randomesque_k",
            ),
            (
                "exposure_randomesque_k = 2.5\n",
                "exposure_randomesque_k: expected a whole number from 1 to 100, got 2.5",
            ),
        ] {
            let file = write(&d, text);
            let e = resolve(Some(&file), &[], &Vec::new(), Mode::Regular)
                .unwrap_err()
                .0;
            assert!(e.contains(want), "{text:?}: {e}");
        }
        let env = vec![("FORVALT_EXPOSURE".to_string(), "random".to_string())];
        let e = resolve(None, &env, &Vec::new(), Mode::Regular)
            .unwrap_err()
            .0;
        assert!(
            e.starts_with("environment variable FORVALT_EXPOSURE: exposure: expected"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn mail_settings_are_checked_and_the_password_is_masked() {
        let env = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let off = resolve(None, &[], &Vec::new(), Mode::Regular).unwrap();
        assert!(off.mail.smtp.is_none(), "no smtp_host: no mail");
        let e = resolve(
            None,
            &env(&[("FORVALT_SMTP_HOST", "smtp.x")]),
            &Vec::new(),
            Mode::Regular,
        )
        .unwrap_err();
        assert!(e.0.contains("mail_from"), "{e}");
        let e = resolve(
            None,
            &env(&[("FORVALT_SMTP_TLS", "ssl")]),
            &Vec::new(),
            Mode::Regular,
        )
        .unwrap_err();
        assert!(
            e.0.starts_with("environment variable FORVALT_SMTP_TLS: smtp_tls:"),
            "{e}"
        );
        let on = resolve(
            None,
            &env(&[
                ("FORVALT_SMTP_HOST", "smtp.x"),
                ("FORVALT_MAIL_FROM", "Forvalt <f@x.no>"),
                ("FORVALT_SMTP_USER", "u"),
                ("FORVALT_SMTP_PASSWORD", "hemmelig"),
                ("FORVALT_MAIL_REMINDER_DAYS", "10, 2"),
                ("FORVALT_BASE_URL", "https://f.x.no/"),
            ]),
            &Vec::new(),
            Mode::Regular,
        )
        .unwrap();
        let smtp = on.mail.smtp.unwrap();
        assert_eq!((smtp.port, smtp.tls), (587, crate::mail::Tls::StartTls));
        assert_eq!(on.app.followup.reminder_days, vec![10, 2]);
        assert_eq!(on.app.followup.base_url, "https://f.x.no");
        let shown = on.origins.iter().find(|o| o.0 == "smtp_password").unwrap();
        assert_eq!(shown.1, "(set)");
    }

    #[test]
    fn single_sign_on_settings_are_checked() {
        let env = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let off = resolve(None, &[], &Vec::new(), Mode::Regular).unwrap();
        assert!(off.app.sso.is_none() && off.app.password_login);
        let on = resolve(
            None,
            &env(&[
                (
                    "FORVALT_OIDC_ISSUER",
                    "https://login.microsoftonline.com/t/v2.0/",
                ),
                ("FORVALT_OIDC_CLIENT_ID", "abc"),
                ("FORVALT_OIDC_CLIENT_SECRET", "hemmelig"),
                ("FORVALT_OIDC_SCOPES", "openid profile, email"),
                ("FORVALT_OIDC_ROLES_CLAIM", "roles"),
                ("FORVALT_OIDC_ROLE_MAP", "Forvalt.HR=hr, a=b=admin"),
                ("FORVALT_PASSWORD_LOGIN", "false"),
            ]),
            &Vec::new(),
            Mode::Regular,
        )
        .unwrap();
        let sso = on.app.sso.unwrap();
        assert_eq!(sso.issuer, "https://login.microsoftonline.com/t/v2.0");
        assert_eq!(sso.scopes, vec!["profile", "email"]);
        assert_eq!(sso.employee_claim, "preferred_username");
        assert_eq!(
            sso.role_map,
            vec![
                ("Forvalt.HR".to_string(), crate::store::Role::Hr),
                ("a=b".to_string(), crate::store::Role::Admin)
            ]
        );
        assert!(!on.app.password_login);
        let shown = on
            .origins
            .iter()
            .find(|o| o.0 == "oidc_client_secret")
            .unwrap();
        assert_eq!(shown.1, "(set)");
        for (pairs, want) in [
            (
                vec![("FORVALT_PASSWORD_LOGIN", "false")],
                "password_login: false needs single sign-on",
            ),
            (
                vec![("FORVALT_OIDC_ISSUER", "https://idp.x")],
                "oidc_issuer needs oidc_client_id",
            ),
            (
                vec![("FORVALT_OIDC_ISSUER", "http://idp.x")],
                "oidc_issuer: expected an https:// address",
            ),
            (
                vec![
                    ("FORVALT_OIDC_ISSUER", "https://idp.x"),
                    ("FORVALT_OIDC_CLIENT_ID", "c"),
                    ("FORVALT_OIDC_ROLES_CLAIM", "groups"),
                ],
                "oidc_roles_claim and oidc_role_map go together",
            ),
            (
                vec![("FORVALT_OIDC_ROLE_MAP", "g=boss")],
                "oidc_role_map: unknown role \"boss\"",
            ),
        ] {
            let e = resolve(None, &env(&pairs), &Vec::new(), Mode::Regular)
                .unwrap_err()
                .0;
            assert!(e.contains(want), "{pairs:?}: {e}");
        }
    }

    #[test]
    fn example_parses_and_lists_every_key() {
        let text = example();
        for k in KEYS {
            assert!(text.contains(&format!("# {} = ", k.name)), "{}", k.name);
            assert!(text.contains(&env_var(k.name)));
        }
        // Uncommented, the example is a valid file (the placeholders are valid values).
        let uncommented: String = text
            .lines()
            .filter(|l| l.starts_with("# ") && l.contains(" = "))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        let d = dir("example");
        let file = write(&d, &uncommented);
        let s = resolve(Some(&file), &[], &Vec::new(), Mode::Regular).unwrap();
        assert_eq!(s.app.retention_keep_cycles, Some(3));
        assert!(s.ops.token.is_some());
        let _ = std::fs::remove_dir_all(d);
    }
}

//! `forvalt serve`: the web application on one address.
//!
//! Settings come from flags, `FORVALT_*` variables, a `--config` file and defaults, in that
//! order (see [`crate::config`]); `--demo` needs none of them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::{self, App, Operations};
use crate::config::{LogFormat, Settings};
use crate::store::Store;
use crate::web::{self, AppState, Cookies};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Create (if missing) a demo organisation with users for every role and an open cycle,
    /// and print their passwords. Uses forvalt-demo.redb (forvalt-demo-da.redb with the Danish
    /// bank) unless a database is configured.
    #[arg(long)]
    demo: bool,
    /// A configuration file (TOML; `forvalt config example` prints one). Default:
    /// $FORVALT_CONFIG, else none.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The database file (created if missing). Default: forvalt.redb.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on. Default: 127.0.0.1:8080.
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// The item bank directory. Default: item-bank.
    #[arg(long)]
    bank: Option<PathBuf>,
    /// Mark cookies Secure (only sent over HTTPS). Use behind a TLS-terminating proxy.
    #[arg(long)]
    secure_cookies: bool,
    /// Log lines as text or json. Default: text.
    #[arg(long)]
    log_format: Option<String>,
}

/// How often configured retention runs while the server is up.
const RETENTION_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

pub fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    if let Some(addr) = args.addr {
        cli.push(("addr", addr.to_string(), "--addr"));
    }
    if let Some(bank) = &args.bank {
        cli.push(("bank", bank.display().to_string(), "--bank"));
    }
    if args.secure_cookies {
        cli.push(("secure_cookies", "true".to_string(), "--secure-cookies"));
    }
    if let Some(format) = &args.log_format {
        cli.push(("log_format", format.clone(), "--log-format"));
    }
    let mode = if args.demo {
        crate::config::Mode::Demo
    } else {
        crate::config::Mode::Regular
    };
    let settings = super::config_cmd::settings(args.config.as_deref(), cli, mode)?;
    init_logging(settings.log_format);
    web::record_settings(&settings.origins);
    let Settings {
        addr,
        db,
        bank,
        secure_cookies,
        app: config,
        mut ops,
        http,
        mail,
        ..
    } = settings;
    let mailer = match &mail.smtp {
        Some(smtp) => Some(crate::mail::Mailer::new(smtp)?),
        None => None,
    };
    let bank = super::bank_cmd::load_valid(&bank)?;
    // A demo on another language's bank gets its own default database beside the Norwegian
    // one, so the two demos' organisations never mix.
    let db = if args.demo && !bank.language.is_norwegian() && db == Path::new("forvalt-demo.redb") {
        PathBuf::from(format!("forvalt-demo-{}.redb", bank.language.code()))
    } else {
        db
    };
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    let app = App::new(store, bank, config);
    if args.demo {
        let cycle = app::demo::ensure(&app, jiff::Timestamp::now()).map_err(|e| e.to_string())?;
        println!(
            "Demo: cycle \"{}\" is open from {} to {}. Users (employee id / password):",
            cycle.name, cycle.opens, cycle.deadline
        );
        let org = app::demo::organisation(app.bank().language);
        for (id, name, department, role, password) in org.users {
            let leads = org.leaders.iter().find(|(leader, _)| leader == id);
            let role = match leads {
                Some((_, unit)) => format!("{} and leader of {unit} (/leder)", role.as_str()),
                None => role.as_str().to_string(),
            };
            println!("  {id:<16} {password:<20} {role} – {name}, {department}");
        }
        println!(
            "  (and demo-001 … demo-090: simulated caseworkers without a password, whose tests of this \
             and the previous cycle fill the HR pages)"
        );
    }
    if ops.token.is_none() {
        // The ops endpoints always need a token; without a configured one, a fresh one beside
        // the database lets `forvalt backup` on this host (as the server's user) in.
        let token = web::ops::write_token_file(&db).map_err(|e| {
            format!(
                "cannot write the ops token to {}: {e}",
                web::ops::token_file(&db).display()
            )
        })?;
        ops.token = Some(token);
    }
    let state = AppState::new(
        app.clone(),
        if secure_cookies {
            Cookies::Secure
        } else {
            Cookies::PlainHttp
        },
    )
    .with_ops(ops)
    .with_http(http);
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        println!(
            "forvalt: serving http://{local}/ with the database {} (Ctrl-C or SIGTERM stops)",
            db.display()
        );
        tokio::spawn(retention_loop(app.operations.clone()));
        tokio::spawn(recovery_loop(app.operations.clone()));
        // E-mail follow-up (issue 15): decide what is due now and then regularly; deliver.
        if let Some(mailer) = mailer {
            tokio::spawn(mail_schedule_loop(
                app.followup.clone(),
                mail.schedule_every,
            ));
            let worker = crate::mail::Worker::new(
                app.store_handle(),
                mailer,
                mail.clone(),
                app.followup.wake(),
            );
            tokio::spawn(worker.run());
        }
        // The author pages' item statistics, computed now rather than at the first view.
        if let Err(e) = app
            .authoring
            .warm_author_statistics(jiff::Zoned::now().date(), jiff::Timestamp::now())
        {
            tracing::warn!(error = %e, "could not start computing the item statistics");
        }
        web::serve_until(listener, state, shutdown_signal())
            .await
            .map_err(|e| e.to_string())
    })?;
    // Every request has finished; blocking tasks end with the runtime, and then the last
    // reference to the application drops the store, whose committer commits anything queued.
    drop(runtime);
    let stats = app.store().commit_stats();
    println!(
        "forvalt: stopped; {} writes (answers, test starts) committed in {} transactions (largest {})",
        stats.writes, stats.batches, stats.largest_batch
    );
    Ok(ExitCode::SUCCESS)
}

/// Apply the configured retention now and then daily (nothing when none is configured).
async fn retention_loop(operations: Arc<Operations>) {
    let mut every = tokio::time::interval(RETENTION_EVERY);
    loop {
        every.tick().await;
        let operations = operations.clone();
        let run =
            tokio::task::spawn_blocking(move || operations.apply_retention(jiff::Timestamp::now()))
                .await;
        match run {
            Ok(Ok(None)) => return,
            Ok(Ok(Some(s))) => tracing::info!(
                old_cycles = s.old_cycles.len(),
                tests_unlinked = s.tests_unlinked,
                timestamps_coarsened = s.timestamps_coarsened,
                pending_removed = s.pending_removed,
                sessions_removed = s.sessions_removed,
                "retention applied"
            ),
            Ok(Err(e)) => tracing::error!("retention failed: {e}"),
            Err(e) => tracing::error!("retention task failed: {e}"),
        }
    }
}

/// Queue the e-mails that are due, now and every `every` (each decision is idempotent).
async fn mail_schedule_loop(followup: Arc<app::Followup>, every: std::time::Duration) {
    let mut every = tokio::time::interval(every);
    loop {
        every.tick().await;
        let followup = followup.clone();
        match tokio::task::spawn_blocking(move || followup.schedule(jiff::Timestamp::now())).await {
            Ok(Ok(queued)) if !queued.is_empty() => {
                tracing::info!(queued = queued.len(), "e-mails queued")
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!("deciding the e-mails failed: {e}"),
            Err(e) => tracing::error!("the e-mail scheduler failed: {e}"),
        }
    }
}

/// How often a broken write path (a full disk) is retried.
const RECOVERY_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// After a write failure, reopen the database as soon as writes succeed again (`/healthz`
/// tries too). In-process rather than exiting for a supervisor: the demo and hand-started
/// servers have none, and a reopen keeps the sessions and the limits in memory.
async fn recovery_loop(operations: Arc<Operations>) {
    let mut every = tokio::time::interval(RECOVERY_EVERY);
    loop {
        every.tick().await;
        if !operations.write_path_broken() {
            continue;
        }
        let operations = operations.clone();
        let _ = tokio::task::spawn_blocking(move || {
            if let Err(e) = operations.recover() {
                tracing::warn!("the database does not take writes yet: {e}");
            }
        })
        .await;
    }
}

/// Structured logs on stderr: text or one JSON object per line, filtered by `RUST_LOG`
/// (default `info`). Every line of a request carries its `request_id` (from its span).
fn init_logging(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().with_current_span(true).try_init(),
    };
}

/// Ctrl-C (SIGINT) or SIGTERM (what `systemctl stop`, `docker stop` and `kill` send).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("shutting down: finishing the requests in flight");
}

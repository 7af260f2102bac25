//! `forvalt serve`: the web application on one address.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::service::{self, Config, Service};
use crate::store::Store;
use crate::web::{self, AppState};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Create (if missing) a demo organisation with users for every role and an open cycle,
    /// and print their passwords. Uses forvalt-demo.redb unless --db is given.
    #[arg(long)]
    demo: bool,
    /// The database file (created if missing). Default: forvalt.redb.
    #[arg(long)]
    db: Option<PathBuf>,
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The item bank directory.
    #[arg(long, default_value = "item-bank")]
    bank: PathBuf,
    /// Mark cookies Secure (only sent over HTTPS). Use behind a TLS-terminating proxy.
    #[arg(long)]
    secure_cookies: bool,
}

pub fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .try_init();
    let bank = super::bank_cmd::load_valid(&args.bank)?;
    let default_db = if args.demo {
        "forvalt-demo.redb"
    } else {
        "forvalt.redb"
    };
    let db = args.db.unwrap_or_else(|| PathBuf::from(default_db));
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    let service = Service::new(store, bank, Config::default());
    if args.demo {
        let cycle =
            service::demo::ensure(&service, jiff::Timestamp::now()).map_err(|e| e.to_string())?;
        println!(
            "Demo: cycle \"{}\" is open from {} to {}. Users (employee id / password):",
            cycle.name, cycle.opens, cycle.deadline
        );
        for (id, name, department, role, password) in service::demo::USERS {
            println!(
                "  {id:<16} {password:<20} {} – {name}, {department}",
                role.as_str()
            );
        }
    }
    let state = AppState::new(service, args.secure_cookies);
    let service = state.service.clone();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!(
            "forvalt: serving http://{addr}/ with the database {} (Ctrl-C or SIGTERM stops)",
            db.display()
        );
        web::serve_until(listener, state, shutdown_signal())
            .await
            .map_err(|e| e.to_string())
    })?;
    // Every request has finished; blocking tasks end with the runtime, and then the last
    // reference to the service drops the store, whose committer commits anything queued.
    drop(runtime);
    let stats = service.store().commit_stats();
    println!(
        "forvalt: stopped; {} writes (answers, test starts) committed in {} transactions (largest {})",
        stats.writes, stats.batches, stats.largest_batch
    );
    Ok(ExitCode::SUCCESS)
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

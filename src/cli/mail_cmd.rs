//! `forvalt mail plan | schedule | outbox`: the e-mail follow-up from the command line.
//!
//! `plan` is the dry run: who would get which message now, nothing written. `schedule` queues
//! what is due (the running server delivers it). `outbox` lists the outbox with each message's
//! status and last error.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::followup;
use crate::store::Store;

#[derive(Debug, clap::Subcommand)]
pub enum MailCommand {
    /// Dry run: the messages that are due now and not yet in the outbox (nothing is written).
    Plan(MailArgs),
    /// Queue the messages that are due now (a running server delivers them; with the server
    /// running, the database is locked and the server's own scheduler does this).
    Schedule(MailArgs),
    /// The outbox: every message decided so far, its status and last error.
    Outbox(MailArgs),
}

#[derive(Debug, clap::Args)]
pub struct MailArgs {
    /// A configuration file (default: $FORVALT_CONFIG, else none): base URL, reminder days,
    /// templates.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The database file. Default: the configured one (forvalt.redb).
    #[arg(long)]
    db: Option<PathBuf>,
}

pub fn run(command: MailCommand) -> Result<ExitCode, String> {
    let (args, action) = match command {
        MailCommand::Plan(a) => (a, "plan"),
        MailCommand::Schedule(a) => (a, "schedule"),
        MailCommand::Outbox(a) => (a, "outbox"),
    };
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    let settings =
        super::config_cmd::settings(args.config.as_deref(), cli, crate::config::Mode::Regular)?;
    let store = Store::open(&settings.db).map_err(|e| e.to_string())?;
    let now = jiff::Timestamp::now();
    let followup = followup::Followup::new(std::sync::Arc::new(store), settings.app.followup);
    match action {
        "plan" => {
            let plan = followup.plan(now).map_err(|e| e.to_string())?;
            for m in &plan {
                println!("{:<12} {:<40} {} – {}", m.purpose, m.to, m.id, m.subject);
            }
            println!(
                "{} messages would be queued now (dry run: nothing was written)",
                plan.len()
            );
        }
        "schedule" => {
            let queued = followup.schedule(now).map_err(|e| e.to_string())?;
            println!("{} messages queued", queued.len());
        }
        _ => {
            let all = followup.messages().map_err(|e| e.to_string())?;
            for m in &all {
                println!(
                    "{:<8} {:<12} {:<40} {} attempts={}{}",
                    m.status.as_str(),
                    m.purpose,
                    m.to,
                    m.id,
                    m.attempts,
                    m.last_error
                        .as_deref()
                        .map(|e| format!(" error: {e}"))
                        .unwrap_or_default()
                );
            }
            let c = followup::counts(&all);
            println!(
                "{} queued, {} sending, {} sent, {} failed",
                c.queued, c.sending, c.sent, c.failed
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `forvalt retention --keep-cycles N [--dry-run]`: pseudonymise the personal data of old
//! cycles (see `store::retention` for exactly what is kept and removed).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::{RetentionRun, Store};

#[derive(Debug, clap::Args)]
pub struct RetentionArgs {
    /// Keep personal data of this many most recent cycles (default: retention_keep_cycles from
    /// the configuration).
    #[arg(long)]
    keep_cycles: Option<usize>,
    /// Show what would change without changing anything.
    #[arg(long)]
    dry_run: bool,
    /// The database file (default: from the configuration, else forvalt.redb).
    #[arg(long)]
    db: Option<PathBuf>,
    /// The configuration file.
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn retention(args: RetentionArgs) -> Result<ExitCode, String> {
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    if let Some(n) = args.keep_cycles {
        cli.push(("retention_keep_cycles", n.to_string(), "--keep-cycles"));
    }
    let settings = super::config_cmd::settings(args.config.as_deref(), cli, false)?;
    let keep = settings.app.retention_keep_cycles.ok_or(
        "give --keep-cycles N (or set retention_keep_cycles in the configuration)".to_string(),
    )?;
    if !settings.db.exists() {
        return Err(format!("no database at {}", settings.db.display()));
    }
    let store = Store::open(&settings.db).map_err(|e| e.to_string())?;
    let summary = store
        .apply_retention(
            keep,
            jiff::Timestamp::now(),
            if args.dry_run {
                RetentionRun::DryRun
            } else {
                RetentionRun::Apply
            },
        )
        .map_err(|e| e.to_string())?;
    let verb = if args.dry_run { "would" } else { "did" };
    if summary.old_cycles.is_empty() {
        println!("No cycle is older than the {keep} most recent; nothing to pseudonymise.");
    } else {
        let names: Vec<String> = summary
            .old_cycles
            .iter()
            .map(|c| format!("\"{}\" (id {}, opened {})", c.name, c.id, c.opens))
            .collect();
        println!(
            "Cycles older than the {keep} most recent: {}",
            names.join(", ")
        );
    }
    println!(
        "Retention {verb}: unlink {} tests from their users, coarsen {} timestamps, remove {} pending items and {} expired login sessions.{}",
        summary.tests_unlinked,
        summary.timestamps_coarsened,
        summary.pending_removed,
        summary.sessions_removed,
        if args.dry_run {
            " (dry run: nothing changed)"
        } else {
            ""
        }
    );
    if keep < 2 {
        println!(
            "Note: with fewer than 2 cycles kept, the items a caseworker saw in the previous cycle can no longer be excluded."
        );
    }
    Ok(ExitCode::SUCCESS)
}

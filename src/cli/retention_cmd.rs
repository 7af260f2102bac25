//! `forvalt retention --keep-cycles N [--dry-run]`: pseudonymise the personal data of old
//! cycles (see `store::retention` for exactly what is kept and removed).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::{CycleRecord, RetentionRun, RetentionSummary, Store, StoreError};

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
    /// The running server to ask when the database is in use (default: the configured addr).
    #[arg(long)]
    server: Option<std::net::SocketAddr>,
}

pub fn retention(args: RetentionArgs) -> Result<ExitCode, String> {
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    if let Some(n) = args.keep_cycles {
        cli.push(("retention_keep_cycles", n.to_string(), "--keep-cycles"));
    }
    let settings =
        super::config_cmd::settings(args.config.as_deref(), cli, crate::config::Mode::Regular)?;
    let keep = settings.app.retention_keep_cycles.ok_or(
        "give --keep-cycles N (or set retention_keep_cycles in the configuration)".to_string(),
    )?;
    if !settings.db.exists() {
        return Err(format!("no database at {}", settings.db.display()));
    }
    let summary = match Store::open(&settings.db) {
        Ok(store) => store
            .apply_retention(
                keep,
                jiff::Timestamp::now(),
                if args.dry_run {
                    RetentionRun::DryRun
                } else {
                    RetentionRun::Apply
                },
            )
            .map_err(|e| e.to_string())?,
        Err(StoreError::Locked(_)) => through_server(&args, &settings, keep)?,
        Err(e) => return Err(e.to_string()),
    };
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

/// Ask the server that holds the database to apply retention (it records the run in the audit
/// log), and read its summary.
fn through_server(
    args: &RetentionArgs,
    settings: &crate::config::Settings,
    keep: usize,
) -> Result<RetentionSummary, String> {
    let remote = super::remote_admin::RemoteArgs {
        server: args.server,
        config: args.config.clone(),
    };
    let (target, _) = super::remote_admin::target(&settings.db, &remote)?;
    let super::remote_admin::Target::Remote(server) = target else {
        return Err("the database was in use a moment ago; try again".into());
    };
    let body = server.post(
        "/ops/admin/retention",
        &[
            ("keep_cycles", keep.to_string()),
            ("dry_run", args.dry_run.to_string()),
        ],
    )?;
    let json: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        format!(
            "the server at {} sent a malformed summary: {e}",
            server.addr
        )
    })?;
    let count = |key: &str| json[key].as_u64().unwrap_or(0) as usize;
    let old_cycles = json["old_cycles"]
        .as_array()
        .map(|cycles| {
            cycles
                .iter()
                .filter_map(|c| {
                    Some(CycleRecord {
                        id: c["id"].as_u64()?,
                        name: c["name"].as_str()?.to_string(),
                        opens: c["opens"].as_str()?.parse().ok()?,
                        deadline: c["opens"].as_str()?.parse().ok()?,
                        allow_late: false,
                        grace_days: None,
                        min_people: None,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(RetentionSummary {
        old_cycles,
        tests_unlinked: count("tests_unlinked"),
        timestamps_coarsened: count("timestamps_coarsened"),
        pending_removed: count("pending_removed"),
        sessions_removed: count("sessions_removed"),
        dry_run: json["dry_run"].as_bool().unwrap_or(args.dry_run),
    })
}

//! `forvalt backup PATH` and `forvalt restore --from BACKUP --db FILE`.
//!
//! A backup opens the database itself when no process holds it; when a server has it open
//! (redb locks the file to one process) it asks that server for a consistent copy over HTTP
//! (`POST /ops/backup` with the ops bearer token: the configured `ops_token`, else the one the
//! server wrote beside the database, `<db>.ops-token`), through [`super::remote::Server`].

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::remote::{Framing, RemoteError, Server};
use super::remote_admin::{Target, open_or_locate};
use crate::store::{self, SCHEMA_VERSION};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the backup (a new redb file; must not exist).
    path: PathBuf,
    /// The database file (default: from the configuration, else forvalt.redb).
    #[arg(long)]
    db: Option<PathBuf>,
    /// The running server to ask when the database is in use (default: the configured addr).
    #[arg(long)]
    server: Option<SocketAddr>,
    /// The configuration file (for db, addr and ops_token).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file written by `forvalt backup`.
    #[arg(long)]
    from: PathBuf,
    /// The database file to replace (default: from the configuration, else forvalt.redb).
    #[arg(long)]
    db: Option<PathBuf>,
    /// The configuration file.
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn backup(args: BackupArgs) -> Result<ExitCode, String> {
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    let settings =
        super::config_cmd::settings(args.config.as_deref(), cli, crate::config::Mode::Regular)?;
    if args.path.exists() {
        return Err(format!(
            "{} already exists; choose a new file name",
            args.path.display()
        ));
    }
    if !settings.db.exists() {
        return Err(format!("no database at {}", settings.db.display()));
    }
    match open_or_locate(&settings, args.server)? {
        Target::Local(store) => {
            let summary = store.backup_to(&args.path).map_err(|e| e.to_string())?;
            println!(
                "Backed up {} ({} tables, {} rows, schema version {}) to {} ({} bytes).",
                settings.db.display(),
                summary.tables,
                summary.rows,
                summary.schema_version,
                args.path.display(),
                summary.bytes
            );
        }
        Target::Remote(server) => {
            let bytes = fetch_backup(&server, &args.path)?;
            println!(
                "Backed up {} through the server at {} to {} ({bytes} bytes).",
                settings.db.display(),
                server.addr,
                args.path.display(),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs) -> Result<ExitCode, String> {
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    let settings =
        super::config_cmd::settings(args.config.as_deref(), cli, crate::config::Mode::Regular)?;
    let summary = store::restore(&args.from, &settings.db).map_err(|e| e.to_string())?;
    println!(
        "Restored {} from {} (schema version {}{}; {} bytes).",
        settings.db.display(),
        args.from.display(),
        summary.backup_schema_version,
        if summary.backup_schema_version < SCHEMA_VERSION {
            format!(", migrated to {SCHEMA_VERSION}")
        } else {
            String::new()
        },
        summary.bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// `POST /ops/backup` and write the body of a 2xx answer to `path` (streamed to disk, never
/// held in memory), checked as in [`write_verified`]. Returns the bytes written. The server
/// frames the backup with its length, so a connection that breaks off is an incomplete backup.
fn fetch_backup(server: &Server, path: &Path) -> Result<u64, String> {
    let addr = server.addr;
    // Failures before anything is received are the server's, not the file's.
    let mut not_received = None;
    let written = write_verified(path, |file| {
        match server.request("POST", "/ops/backup", None, b"", file) {
            Ok(reply) if reply.framing == Framing::Close => {
                not_received = Some(format!(
                    "the server at {addr} sent a backup without a length"
                ));
                Err(String::new())
            }
            Ok(reply) => Ok(reply.bytes),
            Err(RemoteError::Incomplete {
                received,
                expected: Some(expected),
                error: None,
                ..
            }) => Err(format!(
                "the backup from {addr} is incomplete ({received} of {expected} bytes)"
            )),
            Err(e @ (RemoteError::Incomplete { .. } | RemoteError::Output(_))) => {
                Err(e.to_string())
            }
            Err(RemoteError::Unreachable { error, .. }) => {
                not_received = Some(format!(
                    "the database is in use, but the server at {addr} cannot be reached for a backup: {error}"
                ));
                Err(String::new())
            }
            Err(RemoteError::Refused {
                status, message, ..
            }) => {
                not_received = Some(format!(
                    "the server at {addr} refused the backup ({status}): {message}"
                ));
                Err(String::new())
            }
            Err(e @ RemoteError::Malformed { .. }) => {
                not_received = Some(e.to_string());
                Err(String::new())
            }
        }
    });
    match not_received {
        Some(message) => Err(message),
        None => written,
    }
}

/// Write the received file beside `path` with `write`, check it is a forvalt database this
/// build can read, then rename it into place. Nothing is left at `path` or beside it on failure.
fn write_verified(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<u64, String>,
) -> Result<u64, String> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = (|| {
        let mut file = std::fs::File::create(&partial).map_err(|e| e.to_string())?;
        let bytes = write(&mut file)?;
        file.sync_all().map_err(|e| e.to_string())?;
        drop(file);
        let version = store::backup_schema_version(&partial).map_err(|e| e.to_string())?;
        if version != SCHEMA_VERSION {
            return Err(format!(
                "the server sent schema version {version}, expected {SCHEMA_VERSION}"
            ));
        }
        std::fs::rename(&partial, path).map_err(|e| e.to_string())?;
        Ok(bytes)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map_err(|e| format!("cannot write the backup {}: {e}", path.display()))
}

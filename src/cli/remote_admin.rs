//! The admin commands (`cycles`, `export`, `retention`, `calibrate --db`) open the database
//! here, or, when a running server holds it (redb locks the file to one process), go through
//! that server's `/ops/admin/…` (or `/ops/backup` for the calibration's copy) with
//! [`super::remote::Server`], as `forvalt backup` and `forvalt users` do.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub use super::remote::Server;
use crate::config::Settings;
use crate::store::{Store, StoreError};

/// Where the database is, and how to reach the server that holds it.
#[derive(Debug, Clone, clap::Args)]
pub struct RemoteArgs {
    /// The running server to ask when the database is in use (default: the configured addr).
    #[arg(long)]
    pub server: Option<SocketAddr>,
    /// The configuration file (for addr and ops_token).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// The database opened here, or the server to ask because it holds it.
pub enum Target {
    Local(Store),
    Remote(Server),
}

/// Resolve the settings for `db` and open it, or name the server when it is locked.
pub fn target(db: &Path, remote: &RemoteArgs) -> Result<(Target, Settings), String> {
    let cli = vec![("db", db.display().to_string(), "--db")];
    let settings =
        super::config_cmd::settings(remote.config.as_deref(), cli, crate::config::Mode::Regular)?;
    let target = open_or_locate(&settings, remote.server)?;
    Ok((target, settings))
}

/// Open the configured database, or, when a server holds it, that server.
pub fn open_or_locate(settings: &Settings, server: Option<SocketAddr>) -> Result<Target, String> {
    match Store::open(&settings.db) {
        Ok(store) => Ok(Target::Local(store)),
        Err(StoreError::Locked(_)) => Ok(Target::Remote(Server::from_settings(server, settings))),
        Err(e) => Err(e.to_string()),
    }
}

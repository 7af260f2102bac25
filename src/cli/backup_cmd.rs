//! `forvalt backup PATH` and `forvalt restore --from BACKUP --db FILE`.
//!
//! A backup opens the database itself when no process holds it; when a server has it open
//! (redb locks the file to one process) it asks that server for a consistent copy over HTTP
//! (`POST /ops/backup`, loopback or the ops bearer token). The tiny HTTP/1.1 client below is
//! enough for that one request and saves a client library.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::store::{self, SCHEMA_VERSION, Store, StoreError};

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
    let settings = super::config_cmd::settings(args.config.as_deref(), cli, false)?;
    if args.path.exists() {
        return Err(format!(
            "{} already exists; choose a new file name",
            args.path.display()
        ));
    }
    if !settings.db.exists() {
        return Err(format!("no database at {}", settings.db.display()));
    }
    match Store::open(&settings.db) {
        Ok(store) => {
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
        Err(StoreError::Locked(_)) => {
            let server = args.server.unwrap_or_else(|| loopback(settings.addr));
            let bytes = fetch_backup(server, settings.ops.token.as_deref())?;
            write_verified(&args.path, &bytes)?;
            println!(
                "Backed up {} through the server at {server} to {} ({} bytes).",
                settings.db.display(),
                args.path.display(),
                bytes.len()
            );
        }
        Err(e) => return Err(e.to_string()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs) -> Result<ExitCode, String> {
    let mut cli = Vec::new();
    if let Some(db) = &args.db {
        cli.push(("db", db.display().to_string(), "--db"));
    }
    let settings = super::config_cmd::settings(args.config.as_deref(), cli, false)?;
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

/// The address to reach a server listening on `addr` from this machine.
fn loopback(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        let ip: std::net::IpAddr = if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        SocketAddr::new(ip, addr.port())
    } else {
        addr
    }
}

/// `POST /ops/backup` and return the body of a 200 answer.
fn fetch_backup(server: SocketAddr, token: Option<&str>) -> Result<Vec<u8>, String> {
    let unreachable = |e: std::io::Error| {
        format!(
            "the database is in use, but the server at {server} cannot be reached for a backup: {e}"
        )
    };
    let mut stream =
        TcpStream::connect_timeout(&server, Duration::from_secs(5)).map_err(unreachable)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(600)))
        .map_err(unreachable)?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /ops/backup HTTP/1.1\r\nHost: {server}\r\n{auth}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).map_err(unreachable)?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).map_err(unreachable)?;
    let (status, headers, body) = parse_response(&response)
        .ok_or_else(|| format!("the server at {server} sent a malformed answer"))?;
    if status != 200 {
        let text = String::from_utf8_lossy(body).trim().to_string();
        return Err(format!(
            "the server at {server} refused the backup ({status}): {text}"
        ));
    }
    if let Some(length) = header(headers, "content-length")
        && length.parse::<usize>().ok() != Some(body.len())
    {
        return Err(format!(
            "the backup from {server} is incomplete ({} of {length} bytes)",
            body.len()
        ));
    }
    Ok(body.to_vec())
}

/// Status, header block and body of an HTTP/1.1 response without chunked encoding.
fn parse_response(response: &[u8]) -> Option<(u16, &str, &[u8])> {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&response[..end]).ok()?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    if header(head, "transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        return None;
    }
    Some((status, head, &response[end + 4..]))
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Write the received file beside `path`, check it is a forvalt database this build can read,
/// then rename it into place.
fn write_verified(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = (|| {
        let mut file = std::fs::File::create(&partial).map_err(|e| e.to_string())?;
        file.write_all(bytes).map_err(|e| e.to_string())?;
        file.sync_all().map_err(|e| e.to_string())?;
        let version = store::backup_schema_version(&partial).map_err(|e| e.to_string())?;
        if version != SCHEMA_VERSION {
            return Err(format!(
                "the server sent schema version {version}, expected {SCHEMA_VERSION}"
            ));
        }
        std::fs::rename(&partial, path).map_err(|e| e.to_string())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map_err(|e| format!("cannot write the backup {}: {e}", path.display()))
}

//! `forvalt backup PATH` and `forvalt restore --from BACKUP --db FILE`.
//!
//! A backup opens the database itself when no process holds it; when a server has it open
//! (redb locks the file to one process) it asks that server for a consistent copy over HTTP
//! (`POST /ops/backup` with the ops bearer token: the configured `ops_token`, else the one the
//! server wrote beside the database, `<db>.ops-token`). The tiny HTTP/1.1 client below is
//! enough for that one request and saves a client library.

use std::io::{BufRead, BufReader, Read, Write};
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
            // The configured token, else the one the server wrote beside the database.
            let token = settings
                .ops
                .token
                .clone()
                .or_else(|| crate::web::ops::read_token_file(&settings.db));
            let bytes = fetch_backup(server, token.as_deref(), &args.path)?;
            println!(
                "Backed up {} through the server at {server} to {} ({bytes} bytes).",
                settings.db.display(),
                args.path.display(),
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

/// `POST /ops/backup` and write the body of a 200 answer to `path` (streamed to disk, never
/// held in memory), checked as in [`write_verified`]. Returns the bytes written.
fn fetch_backup(server: SocketAddr, token: Option<&str>, path: &Path) -> Result<u64, String> {
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
    let mut reader = BufReader::new(stream);
    let head = read_head(&mut reader).map_err(unreachable)?;
    let (status, headers) = parse_head(&head)
        .ok_or_else(|| format!("the server at {server} sent a malformed answer"))?;
    if status != 200 {
        let mut body = Vec::new();
        let _ = reader.take(64 * 1024).read_to_end(&mut body);
        let text = String::from_utf8_lossy(&body).trim().to_string();
        return Err(format!(
            "the server at {server} refused the backup ({status}): {text}"
        ));
    }
    let length = header(headers, "content-length")
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| format!("the server at {server} sent a backup without a length"))?;
    write_verified(path, |file| {
        let copied = std::io::copy(&mut reader.take(length), file)?;
        if copied != length {
            return Err(std::io::Error::other(format!(
                "the backup from {server} is incomplete ({copied} of {length} bytes)"
            )));
        }
        Ok(copied)
    })
}

/// The status line and headers of an HTTP/1.1 response, up to the blank line (at most 64 KiB).
fn read_head(reader: &mut impl BufRead) -> std::io::Result<String> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || head.len() > 64 * 1024 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the answer ended in its headers",
            ));
        }
        if line == "\r\n" || line == "\n" {
            return Ok(head);
        }
        head.push_str(&line);
    }
}

/// Status and header block of an HTTP/1.1 response head; `None` if malformed or chunked.
fn parse_head(head: &str) -> Option<(u16, &str)> {
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    if header(head, "transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        return None;
    }
    Some((status, head))
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Write the received file beside `path` with `write`, check it is a forvalt database this
/// build can read, then rename it into place. Nothing is left at `path` or beside it on failure.
fn write_verified(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<u64>,
) -> Result<u64, String> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = (|| {
        let mut file = std::fs::File::create(&partial).map_err(|e| e.to_string())?;
        let bytes = write(&mut file).map_err(|e| e.to_string())?;
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

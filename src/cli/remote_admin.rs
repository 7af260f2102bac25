//! The admin commands (`cycles`, `export`, `retention`, `calibrate --db`) through the running
//! server, when it holds the database (redb locks the file to one process): a request to
//! `/ops/admin/…` (or `/ops/backup` for the calibration's copy) with the ops bearer token, the
//! configured `ops_token` or else the one the server wrote beside the database, as
//! `forvalt backup` does. A tiny HTTP/1.1 client (one request per connection, `Connection:
//! close`), enough for loopback and free of a TLS stack.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// A running forvalt server and the token that opens its ops endpoints.
#[derive(Debug, Clone)]
pub struct Server {
    pub addr: SocketAddr,
    token: Option<String>,
}

/// Resolve the settings for `db` and open it, or name the server when it is locked.
pub fn target(db: &Path, remote: &RemoteArgs) -> Result<(Target, Settings), String> {
    let cli = vec![("db", db.display().to_string(), "--db")];
    let settings = super::config_cmd::settings(remote.config.as_deref(), cli, false)?;
    match Store::open(&settings.db) {
        Ok(store) => Ok((Target::Local(store), settings)),
        Err(StoreError::Locked(_)) => {
            let addr = remote.server.unwrap_or_else(|| loopback(settings.addr));
            let token = settings
                .ops
                .token
                .clone()
                .or_else(|| crate::web::ops::read_token_file(&settings.db));
            Ok((Target::Remote(Server { addr, token }), settings))
        }
        Err(e) => Err(e.to_string()),
    }
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

impl Server {
    /// `POST path` with a form body; the answer's body on 200, else an error naming the
    /// server's reason.
    pub fn post(&self, path: &str, form: &[(&str, String)]) -> Result<Vec<u8>, String> {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut out = Vec::new();
        self.request("POST", path, &body, &mut out)?;
        Ok(out)
    }

    /// `GET path`, the body written to `out` on 200. Returns the bytes written.
    pub fn get(&self, path: &str, out: &mut dyn Write) -> Result<u64, String> {
        self.request("GET", path, "", out)
    }

    /// `POST /ops/backup` into a new file at `path` (for the calibration's consistent copy).
    pub fn backup_to(&self, path: &Path) -> Result<u64, String> {
        let mut file = std::fs::File::create(path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        let n = self.request("POST", "/ops/backup", "", &mut file)?;
        file.sync_all().map_err(|e| e.to_string())?;
        Ok(n)
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        body: &str,
        out: &mut dyn Write,
    ) -> Result<u64, String> {
        let server = self.addr;
        let unreachable = |e: std::io::Error| {
            format!("the database is in use, but the server at {server} cannot be reached: {e}")
        };
        let mut stream =
            TcpStream::connect_timeout(&server, Duration::from_secs(5)).map_err(unreachable)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(600)))
            .map_err(unreachable)?;
        let auth = self
            .token
            .as_deref()
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {server}\r\n{auth}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(unreachable)?;
        let mut reader = BufReader::new(stream);
        let head = read_head(&mut reader).map_err(unreachable)?;
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("the server at {server} sent a malformed answer"))?;
        if header(&head, "transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            return Err(format!("the server at {server} sent a chunked answer"));
        }
        let length = header(&head, "content-length").and_then(|v| v.parse::<u64>().ok());
        if status != 200 {
            let mut text = Vec::new();
            let _ = reader.take(64 * 1024).read_to_end(&mut text);
            let text = String::from_utf8_lossy(&text).trim().to_string();
            return Err(format!("the server at {server} refused ({status}): {text}"));
        }
        let copied = match length {
            Some(length) => {
                let copied =
                    std::io::copy(&mut reader.take(length), out).map_err(|e| e.to_string())?;
                if copied != length {
                    return Err(format!(
                        "the answer from {server} is incomplete ({copied} of {length} bytes)"
                    ));
                }
                copied
            }
            None => std::io::copy(&mut reader, out).map_err(|e| e.to_string())?,
        };
        Ok(copied)
    }
}

/// The status line and headers, up to the blank line (at most 64 KiB).
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

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Percent-encode for a form body.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

//! Talking to the running server from the command line.
//!
//! redb locks the database file to one process. When `forvalt serve` has it open, an admin
//! command sends its request to that server instead: `POST /ops/…` with a JSON body and the ops
//! bearer token (the configured `ops_token`, else the one the server wrote beside the database,
//! `<db>.ops-token`). The answer is plain text: printed on success (2xx), an error otherwise.
//! The small HTTP/1.1 client (`Connection: close`, `Content-Length` bodies) saves a client
//! library, as `forvalt backup` does.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

/// Where the running server is and the token it accepts.
#[derive(Debug, Clone)]
pub struct Server {
    pub addr: SocketAddr,
    pub token: Option<String>,
}

impl Server {
    /// From the configuration: `server` if given, else the configured address (on loopback
    /// when it listens on all interfaces); the configured token, else the token file beside `db`.
    pub fn locate(
        server: Option<SocketAddr>,
        config: Option<&Path>,
        db: &Path,
    ) -> Result<Server, String> {
        let cli = vec![("db", db.display().to_string(), "--db")];
        let settings = super::config_cmd::settings(config, cli, false)?;
        let addr = server.unwrap_or_else(|| loopback(settings.addr));
        let token = settings
            .ops
            .token
            .clone()
            .or_else(|| crate::web::ops::read_token_file(db));
        Ok(Server { addr, token })
    }

    /// `POST path` with `body` as JSON; the answer's text on 2xx, else an error naming the
    /// status and the server's words.
    pub fn post_json<T: serde::Serialize>(&self, path: &str, body: &T) -> Result<String, String> {
        let server = self.addr;
        let unreachable = |e: std::io::Error| {
            format!("the database is in use, but the server at {server} cannot be reached: {e}")
        };
        let body = serde_json::to_vec(body).map_err(|e| e.to_string())?;
        let mut stream =
            TcpStream::connect_timeout(&server, Duration::from_secs(5)).map_err(unreachable)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(unreachable)?;
        let auth = self
            .token
            .as_deref()
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {server}\r\n{auth}Content-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).map_err(unreachable)?;
        stream.write_all(&body).map_err(unreachable)?;
        let mut answer = Vec::new();
        stream
            .take(16 * 1024 * 1024)
            .read_to_end(&mut answer)
            .map_err(unreachable)?;
        let answer = String::from_utf8_lossy(&answer);
        let (head, text) = answer
            .split_once("\r\n\r\n")
            .ok_or_else(|| format!("the server at {server} sent a malformed answer"))?;
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("the server at {server} sent a malformed answer"))?;
        if head.to_lowercase().contains("transfer-encoding: chunked") {
            return Err(format!("the server at {server} sent a chunked answer"));
        }
        if (200..300).contains(&status) {
            Ok(text.to_string())
        } else {
            Err(format!(
                "the server at {server} refused ({status}): {}",
                text.trim()
            ))
        }
    }
}

/// The address to reach a server listening on `addr` from this machine.
pub fn loopback(addr: SocketAddr) -> SocketAddr {
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

//! Talking to the running server from the command line.
//!
//! redb locks the database file to one process. When `forvalt serve` has it open, an admin
//! command (`users`, `cycles`, `export`, `retention`, `calibrate --db`, `backup`) sends its
//! request to that server instead, to `/ops/…` with the ops bearer token (the configured
//! `ops_token`, else the one the server wrote beside the database, `<db>.ops-token`).
//!
//! [`Server::request`] is the one HTTP/1.1 client for all of them: one request per connection
//! (`Connection: close`), the answer's body read as the server frames it (`Content-Length`,
//! chunked or until the connection closes) and streamed to a writer. Enough for loopback and
//! free of a TLS stack and a client library. Every failure is a [`RemoteError`] naming the server.

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use crate::config::Settings;

/// The most a status line and headers may take.
const MAX_HEAD: usize = 64 * 1024;
/// The most of a refusal's body kept for the message.
const MAX_REFUSAL: u64 = 64 * 1024;
/// The most a text answer (`post_json`, `post`) may take.
const MAX_TEXT: u64 = 16 * 1024 * 1024;

/// Where the running server is and the token it accepts.
#[derive(Debug, Clone)]
pub struct Server {
    pub addr: SocketAddr,
    pub token: Option<String>,
    /// How long a read may wait for the server (a backup of a large database takes a while).
    pub read_timeout: Duration,
}

/// What went wrong talking to the server.
#[derive(Debug)]
pub enum RemoteError {
    /// Connecting, sending or reading the answer's head failed.
    Unreachable {
        server: SocketAddr,
        error: std::io::Error,
    },
    /// The answer is not HTTP/1.x as this client reads it.
    Malformed {
        server: SocketAddr,
        detail: &'static str,
    },
    /// A status outside 2xx, with the start of the server's text.
    Refused {
        server: SocketAddr,
        status: u16,
        message: String,
    },
    /// The body ended before its announced length (`expected`), or inside a chunk (`None`),
    /// or reading it failed.
    Incomplete {
        server: SocketAddr,
        received: u64,
        expected: Option<u64>,
        error: Option<std::io::Error>,
    },
    /// Writing the body where it should go failed.
    Output(std::io::Error),
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoteError::Unreachable { server, error } => write!(
                f,
                "the database is in use, but the server at {server} cannot be reached: {error}"
            ),
            RemoteError::Malformed { server, detail } => {
                write!(f, "the server at {server} sent a malformed answer")?;
                if !detail.is_empty() {
                    write!(f, " ({detail})")?;
                }
                Ok(())
            }
            RemoteError::Refused {
                server,
                status,
                message,
            } => write!(f, "the server at {server} refused ({status}): {message}"),
            RemoteError::Incomplete {
                server,
                received,
                expected,
                error,
            } => {
                match expected {
                    Some(expected) => write!(
                        f,
                        "the answer from {server} is incomplete ({received} of {expected} bytes)"
                    )?,
                    None => write!(
                        f,
                        "the answer from {server} is incomplete (it broke off after {received} bytes)"
                    )?,
                }
                if let Some(error) = error {
                    write!(f, ": {error}")?;
                }
                Ok(())
            }
            RemoteError::Output(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for RemoteError {}

impl From<RemoteError> for String {
    fn from(error: RemoteError) -> String {
        error.to_string()
    }
}

/// How the server delimited the body it sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Length(u64),
    Chunked,
    /// Until the server closed the connection: a truncation cannot be told from the end.
    Close,
}

/// A 2xx answer whose body went to the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub framing: Framing,
    /// The body's bytes written.
    pub bytes: u64,
}

/// Header names (in lower case) and values.
type Headers = Vec<(String, String)>;

impl Server {
    /// The server for these settings: `server` if given, else the configured address (on
    /// loopback when it listens on all interfaces); the configured token, else the token file
    /// beside the database.
    pub fn from_settings(server: Option<SocketAddr>, settings: &Settings) -> Server {
        Server {
            addr: server.unwrap_or_else(|| loopback(settings.addr)),
            token: settings
                .ops
                .token
                .clone()
                .or_else(|| crate::web::ops::read_token_file(&settings.db)),
            read_timeout: Duration::from_secs(600),
        }
    }

    /// [`Server::from_settings`] from the configuration file and `db`.
    pub fn locate(
        server: Option<SocketAddr>,
        config: Option<&Path>,
        db: &Path,
    ) -> Result<Server, String> {
        let cli = vec![("db", db.display().to_string(), "--db")];
        let settings = super::config_cmd::settings(config, cli, crate::config::Mode::Regular)?;
        Ok(Server {
            read_timeout: Duration::from_secs(120),
            ..Server::from_settings(server, &settings)
        })
    }

    /// `POST path` with `body` as JSON; the answer's text on 2xx, else an error naming the
    /// status and the server's words.
    pub fn post_json<T: serde::Serialize>(&self, path: &str, body: &T) -> Result<String, String> {
        let body = serde_json::to_vec(body).map_err(|e| e.to_string())?;
        let mut out = Limited::new(MAX_TEXT);
        self.request("POST", path, Some("application/json"), &body, &mut out)?;
        Ok(String::from_utf8_lossy(&out.bytes).into_owned())
    }

    /// `POST path` with a form body; the answer's body on 2xx, else an error naming the
    /// server's reason.
    pub fn post(&self, path: &str, form: &[(&str, String)]) -> Result<Vec<u8>, String> {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut out = Limited::new(MAX_TEXT);
        self.request(
            "POST",
            path,
            Some("application/x-www-form-urlencoded"),
            body.as_bytes(),
            &mut out,
        )?;
        Ok(out.bytes)
    }

    /// `GET path`, the body streamed to `out` on 2xx. Returns the bytes written.
    pub fn get(&self, path: &str, out: &mut dyn Write) -> Result<u64, String> {
        Ok(self.request("GET", path, None, b"", out)?.bytes)
    }

    /// `POST /ops/backup` into a new file at `path` (for the calibration's consistent copy).
    pub fn backup_to(&self, path: &Path) -> Result<u64, String> {
        let mut file = std::fs::File::create(path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        let reply = self.request("POST", "/ops/backup", None, b"", &mut file)?;
        file.sync_all().map_err(|e| e.to_string())?;
        Ok(reply.bytes)
    }

    /// Send one request and stream a 2xx answer's body to `out`. Any other status is
    /// [`RemoteError::Refused`] with the server's text; nothing is written to `out` then.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
        out: &mut dyn Write,
    ) -> Result<Reply, RemoteError> {
        let server = self.addr;
        let unreachable = |error: std::io::Error| RemoteError::Unreachable { server, error };
        let mut stream =
            TcpStream::connect_timeout(&server, Duration::from_secs(5)).map_err(unreachable)?;
        stream
            .set_read_timeout(Some(self.read_timeout))
            .map_err(unreachable)?;
        stream
            .set_write_timeout(Some(self.read_timeout))
            .map_err(unreachable)?;
        let auth = self
            .token
            .as_deref()
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let content_type = content_type
            .map(|t| format!("Content-Type: {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {server}\r\n{auth}{content_type}\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).map_err(unreachable)?;
        stream.write_all(body).map_err(unreachable)?;
        let mut reader = BufReader::new(stream);
        let head = read_head(&mut reader).map_err(unreachable)?;
        let (status, headers) =
            parse_head(&head).map_err(|detail| RemoteError::Malformed { server, detail })?;
        let framing =
            framing(&headers).map_err(|detail| RemoteError::Malformed { server, detail })?;
        let mut body = Body::new(reader, framing);
        if !(200..300).contains(&status) {
            let mut text = Vec::new();
            // The reason as far as it came; a broken refusal is still a refusal.
            let _ = (&mut body).take(MAX_REFUSAL).read_to_end(&mut text);
            let message = String::from_utf8_lossy(&text).trim().to_string();
            return Err(RemoteError::Refused {
                server,
                status,
                message,
            });
        }
        let bytes = copy_body(&mut body, out, server)?;
        Ok(Reply {
            status,
            framing,
            bytes,
        })
    }
}

/// Copy the body to `out`, telling a broken answer (read side) from a failing writer.
fn copy_body<R: BufRead>(
    body: &mut Body<R>,
    out: &mut dyn Write,
    server: SocketAddr,
) -> Result<u64, RemoteError> {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut received = 0u64;
    loop {
        let n = match body.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(RemoteError::Incomplete {
                    server,
                    received,
                    expected: match body.framing {
                        Framing::Length(length) => Some(length),
                        _ => None,
                    },
                    error: (error.kind() != std::io::ErrorKind::UnexpectedEof).then_some(error),
                });
            }
        };
        out.write_all(&buffer[..n]).map_err(RemoteError::Output)?;
        received += n as u64;
    }
    out.flush().map_err(RemoteError::Output)?;
    if let Framing::Length(length) = body.framing
        && received != length
    {
        return Err(RemoteError::Incomplete {
            server,
            received,
            expected: Some(length),
            error: None,
        });
    }
    Ok(received)
}

/// The status line and headers, up to the blank line (at most 64 KiB).
fn read_head(reader: &mut impl BufRead) -> std::io::Result<String> {
    let mut head = String::new();
    loop {
        let mut line = Vec::new();
        let n = (&mut *reader)
            .take((MAX_HEAD + 1 - head.len().min(MAX_HEAD)) as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 || !line.ends_with(b"\n") || head.len() + line.len() > MAX_HEAD {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the answer ended in its headers",
            ));
        }
        if line == b"\r\n" || line == b"\n" {
            return Ok(head);
        }
        head.push_str(&String::from_utf8_lossy(&line));
    }
}

/// The status and the headers (names in lower case) of a response head.
fn parse_head(head: &str) -> Result<(u16, Headers), &'static str> {
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split_whitespace();
    if !parts.next().is_some_and(|v| v.starts_with("HTTP/1.")) {
        return Err("");
    }
    let status = parts
        .next()
        .filter(|s| s.len() == 3)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|s| (100..600).contains(s))
        .ok_or("")?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or("a header line without a colon")?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok((status, headers))
}

/// How the body is delimited: chunked wins over a length (RFC 9112, 6.3).
fn framing(headers: &[(String, String)]) -> Result<Framing, &'static str> {
    fn values<'a>(
        headers: &'a [(String, String)],
        name: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        headers
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    let value = |name| values(headers, name);
    if value("transfer-encoding").any(|v| {
        v.split(',')
            .any(|coding| coding.trim().eq_ignore_ascii_case("chunked"))
    }) {
        return Ok(Framing::Chunked);
    }
    let mut lengths = value("content-length").map(|v| v.parse::<u64>());
    match lengths.next() {
        None => Ok(Framing::Close),
        Some(Ok(length)) => {
            if lengths.all(|other| other == Ok(length)) {
                Ok(Framing::Length(length))
            } else {
                Err("conflicting lengths")
            }
        }
        Some(Err(_)) => Err("a bad Content-Length"),
    }
}

/// The body as the head framed it: reads end at its end; a chunked body that breaks off or
/// has a bad chunk header is an `UnexpectedEof` / `InvalidData` error. A length-framed body
/// that ends early just ends (the caller compares the count).
struct Body<R> {
    reader: R,
    framing: Framing,
    /// Bytes left in the body (length) or in the current chunk (chunked).
    left: u64,
    done: bool,
}

impl<R: BufRead> Body<R> {
    fn new(reader: R, framing: Framing) -> Body<R> {
        let left = match framing {
            Framing::Length(length) => length,
            _ => 0,
        };
        Body {
            reader,
            framing,
            left,
            done: matches!(framing, Framing::Length(0)),
        }
    }

    /// One line of chunk framing, without its line end.
    fn chunk_line(&mut self) -> std::io::Result<String> {
        let mut line = Vec::new();
        (&mut self.reader).take(4096).read_until(b'\n', &mut line)?;
        if !line.ends_with(b"\n") {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the answer broke off in its chunk framing",
            ));
        }
        let line = String::from_utf8(line).map_err(|_| invalid("a chunk header is not text"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn invalid(what: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what)
}

impl<R: BufRead> Read for Body<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        match self.framing {
            Framing::Close => self.reader.read(buf),
            Framing::Length(_) => {
                let max = buf
                    .len()
                    .min(usize::try_from(self.left).unwrap_or(usize::MAX));
                let n = self.reader.read(&mut buf[..max])?;
                self.left -= n as u64;
                if n == 0 || self.left == 0 {
                    self.done = true;
                }
                Ok(n)
            }
            Framing::Chunked => {
                if self.left == 0 {
                    let line = self.chunk_line()?;
                    let size = line.split(';').next().unwrap_or_default().trim();
                    let size =
                        u64::from_str_radix(size, 16).map_err(|_| invalid("a bad chunk size"))?;
                    if size == 0 {
                        // Trailers, up to the blank line.
                        while !self.chunk_line()?.is_empty() {}
                        self.done = true;
                        return Ok(0);
                    }
                    self.left = size;
                }
                let max = buf
                    .len()
                    .min(usize::try_from(self.left).unwrap_or(usize::MAX));
                let n = self.reader.read(&mut buf[..max])?;
                if n == 0 {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the answer broke off inside a chunk",
                    ));
                }
                self.left -= n as u64;
                if self.left == 0 && !self.chunk_line()?.is_empty() {
                    return Err(invalid("a chunk is longer than its size"));
                }
                Ok(n)
            }
        }
    }
}

/// A writer into memory that refuses more than `max` bytes.
struct Limited {
    bytes: Vec<u8>,
    max: u64,
}

impl Limited {
    fn new(max: u64) -> Limited {
        Limited {
            bytes: Vec::new(),
            max,
        }
    }
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.bytes.len() + buf.len()) as u64 > self.max {
            return Err(std::io::Error::other(format!(
                "the answer is larger than {} MiB",
                self.max / (1024 * 1024)
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    //! The client against peers on loopback: a real axum/hyper server for what it sends, and a
    //! std listener that answers with given bytes for the broken answers hyper never sends.

    use super::*;
    use std::net::TcpListener;
    use std::thread::JoinHandle;

    fn server(addr: SocketAddr) -> Server {
        Server {
            addr,
            token: Some("sekret".into()),
            read_timeout: Duration::from_secs(60),
        }
    }

    /// A peer that reads one request (head and `Content-Length` body), answers with `answer`
    /// and closes; the thread returns the request it read.
    fn peer(answer: &'static [u8]) -> (SocketAddr, JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let head = read_head(&mut reader).unwrap();
            let (_, headers) = parse_head(&format!("HTTP/1.1 200 OK\r\n{}", {
                head.split_once('\n').map(|(_, rest)| rest).unwrap_or("")
            }))
            .unwrap();
            let length = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .map(|(_, v)| v.parse::<usize>().unwrap())
                .unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut stream = reader.into_inner();
            stream.write_all(answer).unwrap();
            stream.shutdown(std::net::Shutdown::Write).unwrap();
            // Wait for the client to close, so the answer is never cut by a reset.
            let _ = stream.read_to_end(&mut Vec::new());
            format!("{head}\r\n{}", String::from_utf8_lossy(&body))
        });
        (addr, handle)
    }

    fn ask(answer: &'static [u8]) -> (Result<Reply, RemoteError>, Vec<u8>, String) {
        let (addr, peer) = peer(answer);
        let mut out = Vec::new();
        let result = server(addr).request(
            "POST",
            "/ops/x",
            Some("application/json"),
            b"{\"a\":1}",
            &mut out,
        );
        (result, out, peer.join().unwrap())
    }

    #[test]
    fn sends_the_token_and_body_and_reads_a_length_framed_answer() {
        let (reply, out, request) =
            ask(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Forvalt-Rows: 3\r\n\r\nhello");
        let reply = reply.unwrap();
        assert_eq!(out, b"hello");
        assert_eq!(reply.framing, Framing::Length(5));
        assert_eq!(reply.bytes, 5);
        assert!(request.starts_with("POST /ops/x HTTP/1.1\r\n"), "{request}");
        assert!(
            request.contains("Authorization: Bearer sekret\r\n"),
            "{request}"
        );
        assert!(request.contains("Content-Type: application/json\r\n"));
        assert!(request.contains("Connection: close\r\n"));
        assert!(request.ends_with("\r\n{\"a\":1}"), "{request}");
    }

    #[test]
    fn decodes_chunks_with_extensions_and_trailers() {
        let (reply, out, _) = ask(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
              4;name=x\r\nhell\r\n7\r\no, worl\r\n1\r\nd\r\n0\r\nX-Trailer: 1\r\n\r\n");
        assert_eq!(out, b"hello, world");
        let reply = reply.unwrap();
        assert_eq!((reply.framing, reply.bytes), (Framing::Chunked, 12));
    }

    #[test]
    fn reads_a_close_delimited_answer_to_the_end() {
        let (reply, out, _) =
            ask(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it\n");
        assert_eq!(out, b"all of it\n");
        assert_eq!(reply.unwrap().framing, Framing::Close);
    }

    #[test]
    fn a_short_body_is_incomplete_not_a_success() {
        let (reply, _, _) = ask(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        let error = reply.unwrap_err();
        assert!(
            matches!(
                error,
                RemoteError::Incomplete {
                    received: 9,
                    expected: Some(100),
                    error: None,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("is incomplete (9 of 100 bytes)"));
    }

    #[test]
    fn a_chunked_body_that_breaks_off_is_incomplete() {
        for answer in [
            &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort"[..],
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n",
        ] {
            let answer: &'static [u8] = answer;
            let (reply, _, _) = ask(answer);
            let error = reply.unwrap_err();
            assert!(
                matches!(error, RemoteError::Incomplete { expected: None, .. }),
                "{error:?}"
            );
            assert!(error.to_string().contains("broke off"), "{error}");
        }
    }

    #[test]
    fn bad_chunk_framing_is_an_error() {
        for answer in [
            &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n",
        ] {
            let answer: &'static [u8] = answer;
            let (reply, _, _) = ask(answer);
            let error = reply.unwrap_err();
            assert!(
                matches!(
                    &error,
                    RemoteError::Incomplete { error: Some(e), .. }
                        if e.kind() == std::io::ErrorKind::InvalidData
                ),
                "{error:?}"
            );
        }
    }

    #[test]
    fn garbage_is_a_malformed_answer() {
        for answer in [
            &b"hello there\r\n\r\n"[..],
            b"HTTP/1.1 abc OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        ] {
            let answer: &'static [u8] = answer;
            let (reply, out, _) = ask(answer);
            let error = reply.unwrap_err();
            assert!(matches!(error, RemoteError::Malformed { .. }), "{error:?}");
            assert!(error.to_string().contains("sent a malformed answer"));
            assert!(out.is_empty());
        }
    }

    #[test]
    fn an_answer_that_ends_in_its_head_is_unreachable() {
        for answer in [&b""[..], b"HTTP/1.1 200 OK\r\nContent-Len"] {
            let answer: &'static [u8] = answer;
            let (reply, _, _) = ask(answer);
            let error = reply.unwrap_err();
            assert!(
                matches!(error, RemoteError::Unreachable { .. }),
                "{error:?}"
            );
            assert!(
                error.to_string().contains("ended in its headers"),
                "{error}"
            );
        }
    }

    #[test]
    fn a_refusal_carries_the_servers_words_and_writes_nothing() {
        let (reply, out, _) = ask(
            b"HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n\
              6\r\nwrong \r\n7\r\ntoken\n\n\r\n0\r\n\r\n",
        );
        let error = reply.unwrap_err();
        assert!(
            matches!(&error, RemoteError::Refused { status: 403, message, .. } if message == "wrong token"),
            "{error:?}"
        );
        assert!(error.to_string().ends_with("refused (403): wrong token"));
        assert!(out.is_empty());
    }

    #[test]
    fn no_server_is_unreachable() {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        // The listener is gone: nothing listens there now.
        let error = server(addr)
            .request("GET", "/", None, b"", &mut Vec::new())
            .unwrap_err();
        assert!(
            matches!(error, RemoteError::Unreachable { .. }),
            "{error:?}"
        );
        assert!(
            error.to_string().starts_with(&format!(
                "the database is in use, but the server at {addr} cannot be reached"
            )),
            "{error}"
        );
    }

    #[test]
    fn a_failing_writer_is_not_blamed_on_the_server() {
        let (addr, peer) =
            peer(b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789abcdefghij");
        let mut out = Limited::new(10);
        let error = server(addr)
            .request("GET", "/", None, b"", &mut out)
            .unwrap_err();
        peer.join().unwrap();
        assert!(matches!(error, RemoteError::Output(_)), "{error:?}");
        assert!(error.to_string().contains("larger than"), "{error}");
    }

    #[test]
    fn form_bodies_are_percent_encoded() {
        assert_eq!(encode("Høst 2026/27&x=1"), "H%C3%B8st%202026%2F27%26x%3D1");
    }

    /// A body of several frames without a known size: hyper sends it chunked.
    struct Frames(std::collections::VecDeque<&'static str>);

    impl http_body::Body for Frames {
        type Data = axum::body::Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
            std::task::Poll::Ready(
                self.0
                    .pop_front()
                    .map(|part| Ok(http_body::Frame::data(axum::body::Bytes::from(part)))),
            )
        }
    }

    #[test]
    fn reads_what_axum_sends() {
        use axum::routing::{get, post};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let app = axum::Router::new()
            .route(
                "/stream",
                get(|| async { axum::body::Body::new(Frames(["ab", "cd", "ef"].into())) }),
            )
            .route(
                "/form",
                post(|headers: axum::http::HeaderMap, body: String| async move {
                    let token = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    if token == "Bearer sekret" {
                        (axum::http::StatusCode::OK, body)
                    } else {
                        (axum::http::StatusCode::FORBIDDEN, "no\n".to_string())
                    }
                }),
            );
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });

        let mut out = Vec::new();
        let reply = server(addr)
            .request("GET", "/stream", None, b"", &mut out)
            .unwrap();
        assert_eq!(out, b"abcdef");
        assert_eq!(reply.framing, Framing::Chunked);

        let answer = server(addr)
            .post("/form", &[("name", "Høst & vår".to_string())])
            .unwrap();
        assert_eq!(answer, b"name=H%C3%B8st%20%26%20v%C3%A5r");

        let refused = Server {
            token: None,
            ..server(addr)
        }
        .post("/form", &[])
        .unwrap_err();
        assert_eq!(refused, format!("the server at {addr} refused (403): no"));
        runtime.shutdown_background();
    }
}

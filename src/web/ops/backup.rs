//! `/ops/backup`: a consistent copy of the whole database for `forvalt backup`, streamed from
//! an unlinked temporary file; at most one at a time and a few per hour ([`BackupGate`]).

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};

use super::{Peer, caller, generate_id, refusal};
use crate::store::AuditRecord;
use crate::web::AppState;

/// Backups in progress and recently started, shared by all requests.
#[derive(Debug)]
pub struct BackupGate {
    /// One backup at a time: the permit lives until the copy is sent (or abandoned).
    running: std::sync::Arc<tokio::sync::Semaphore>,
    started: Mutex<std::collections::VecDeque<Instant>>,
}

impl Default for BackupGate {
    fn default() -> BackupGate {
        BackupGate {
            running: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
            started: Mutex::new(std::collections::VecDeque::new()),
        }
    }
}

const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

impl BackupGate {
    /// A permit to run one backup (waiting up to two seconds for one that is finishing), or the
    /// seconds to wait.
    async fn admit(&self, per_hour: usize) -> Result<tokio::sync::OwnedSemaphorePermit, u64> {
        let permit = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            self.running.clone().acquire_owned(),
        )
        .await
        .map_err(|_| 10u64)?
        .expect("the semaphore is never closed");
        let now = Instant::now();
        let mut started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        while started
            .front()
            .is_some_and(|t| now.duration_since(*t) >= HOUR)
        {
            started.pop_front();
        }
        if started.len() >= per_hour {
            let oldest = *started.front().expect("per_hour ≥ 1 entries");
            return Err(HOUR
                .saturating_sub(now.duration_since(oldest))
                .as_secs()
                .max(1));
        }
        started.push_back(now);
        Ok(permit)
    }
}

/// A consistent copy of the whole database as a redb file (for `forvalt backup`).
///
/// The copy is written to a file in the system temp directory (`TMPDIR`), opened, and unlinked
/// at once: from then on only the open handle keeps it, so nothing is left on disk however the
/// response ends (sent, failed, client gone, process killed). The body is read from that handle
/// in chunks ([`FileBody`]) with a `Content-Length`, so a backup of any size is never held in
/// memory.
pub(super) async fn backup(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = refusal(&state, &headers, peer) {
        return refused;
    }
    let permit = match state.backups.admit(state.ops.backups_per_hour).await {
        Ok(permit) => permit,
        Err(retry_after) => {
            tracing::warn!(
                retry_after,
                "backup refused: one is running or the hourly limit is reached"
            );
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after.to_string())],
                "too many backups: one is running or the hourly limit is reached\n",
            )
                .into_response();
        }
    };
    let who = caller(&state.ops, &headers, peer);
    let operations = state.app.operations.clone();
    let prepared = tokio::task::spawn_blocking(move || {
        // Recorded durably before any data leaves: a copy is never sent without its entry.
        operations
            .append_audit(&backup_audit(who, jiff::Timestamp::now()))
            .map_err(|e| format!("the audit entry could not be written: {e}"))?;
        let path = std::env::temp_dir().join(format!(
            "forvalt-backup-{}-{}.redb",
            std::process::id(),
            generate_id()
        ));
        let summary = operations.backup_to(&path).map_err(|e| e.to_string());
        let opened = summary.and_then(|summary| {
            let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
            let length = file.metadata().map_err(|e| e.to_string())?.len();
            Ok((summary, file, length))
        });
        // On Unix the open handle stays readable after the unlink; where a platform refuses to
        // remove an open file, the reader removes it again when it has finished.
        let _ = std::fs::remove_file(&path);
        opened.map(|(summary, file, length)| (summary, file, length, path))
    })
    .await;
    let (summary, file, length, path) = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(e)) => {
            tracing::error!("backup failed: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "backup failed\n").into_response();
        }
        Err(e) => {
            tracing::error!("backup task failed: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "backup failed\n").into_response();
        }
    };
    tracing::info!(
        tables = summary.tables,
        rows = summary.rows,
        bytes = length,
        "backup written, sending"
    );
    let body = FileBody::spawn(file, length, path, permit);
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                HeaderName::from_static("x-forvalt-schema-version"),
                summary.schema_version.to_string(),
            ),
            (
                HeaderName::from_static("x-forvalt-rows"),
                summary.rows.to_string(),
            ),
        ],
        Body::new(body),
    )
        .into_response()
}

/// The audit entry of a backup: no user, so user id 0 and how the caller was let in.
fn backup_audit(who: String, at: jiff::Timestamp) -> AuditRecord {
    AuditRecord {
        id: 0,
        at,
        user_id: 0,
        employee_id: who,
        role: crate::store::Role::Admin,
        route: "/ops/backup".to_string(),
        cycle_id: None,
        level: None,
        topic: None,
        department: None,
        format: "redb".to_string(),
    }
}

/// Bytes per chunk of a streamed file, and chunks buffered between the reader and the
/// connection: at most ~1 MiB of a backup is in memory at a time.
const CHUNK: usize = 256 * 1024;
const CHUNKS_BUFFERED: usize = 4;

/// A response body read from an open file by a blocking thread, `length` bytes in chunks of
/// [`CHUNK`]. Its size hint is exact, so the response carries a `Content-Length`. When the
/// client goes away the body is dropped, the reader's next send fails and it stops, closing the
/// file. A read error or a file shorter than `length` ends the body with an error, which makes
/// the server abort the connection rather than send a short copy that looks whole.
struct FileBody {
    chunks: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    remaining: u64,
}

impl FileBody {
    /// Start the reader; `path` is removed (again) when it is done with the file.
    fn spawn(
        file: std::fs::File,
        length: u64,
        path: PathBuf,
        permit: tokio::sync::OwnedSemaphorePermit,
    ) -> FileBody {
        let (sender, chunks) = tokio::sync::mpsc::channel(CHUNKS_BUFFERED);
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let sent = read_chunks(file, length, &sender);
            drop(permit);
            let _ = std::fs::remove_file(&path);
            match sent {
                Ok(()) => tracing::info!(bytes = length, "backup sent"),
                Err(sent) => {
                    tracing::warn!(
                        "backup not completed: the client went away after {sent} of {length} bytes"
                    )
                }
            }
        });
        FileBody {
            chunks,
            remaining: length,
        }
    }
}

/// Send `length` bytes of `file` to `sender` (a read error or early end is sent as an error).
/// `Err(bytes handed over)` when the receiver is gone.
fn read_chunks(
    file: std::fs::File,
    length: u64,
    sender: &tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
) -> Result<(), u64> {
    use std::io::Read as _;
    let mut file = file.take(length);
    let mut sent = 0;
    while sent < length {
        let mut buffer = vec![0; CHUNK];
        let chunk = match file.read(&mut buffer) {
            Ok(0) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("the backup file ended after {sent} of {length} bytes"),
            )),
            Ok(n) => {
                buffer.truncate(n);
                Ok(Bytes::from(buffer))
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
        let failed = chunk.as_ref().err().map(|e| e.to_string());
        let n = chunk.as_ref().map_or(0, |b| b.len() as u64);
        if sender.blocking_send(chunk).is_err() {
            return Err(sent);
        }
        if let Some(e) = failed {
            tracing::error!("backup not completed: reading the copy failed: {e}");
            return Ok(());
        }
        sent += n;
    }
    Ok(())
}

impl HttpBody for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.chunks.poll_recv(cx) {
            Poll::Ready(Some(Ok(bytes))) => {
                self.remaining = self.remaining.saturating_sub(bytes.len() as u64);
                Poll::Ready(Some(Ok(Frame::data(bytes))))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

//! A failing disk (issue 13, item 6): a write that fails marks the write path broken; `/healthz`
//! says 503, users get a Norwegian "midlertidig utilgjengelig" page (JSON for the API), not 500;
//! and once writes can succeed again the store reopens the database by itself, with every
//! acknowledged answer still there.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use forvalt::app::{App, Config};
use forvalt::store::{Role, Store, StoreError, TestId, UserInput};
use forvalt::web::{AppState, Cookies};
use redb::StorageBackend;
use redb::backends::InMemoryBackend;
use tower::ServiceExt;

use crate::web::{Browser, PASSWORD, fixture_bank, seed};

/// Memory storage whose writes fail (as on a full disk) while `failing` is set.
#[derive(Debug, Clone)]
struct FlakyDisk {
    memory: Arc<InMemoryBackend>,
    failing: Arc<AtomicBool>,
}

impl FlakyDisk {
    fn check(&self) -> std::io::Result<()> {
        if self.failing.load(Ordering::SeqCst) {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device (injected)",
            ))
        } else {
            Ok(())
        }
    }
}

impl StorageBackend for FlakyDisk {
    fn len(&self) -> std::io::Result<u64> {
        self.memory.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.memory.read(offset, out)
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.check()?;
        self.memory.set_len(len)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.check()?;
        self.memory.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.check()?;
        self.memory.write(offset, data)
    }
}

async fn healthz(router: &axum::Router) -> StatusCode {
    let request = Request::get("/healthz").body(Body::empty()).unwrap();
    router.clone().oneshot(request).await.unwrap().status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_disk_gives_503_and_the_store_recovers_by_itself() {
    let disk = FlakyDisk {
        memory: Arc::new(InMemoryBackend::new()),
        failing: Arc::new(AtomicBool::new(false)),
    };
    let opener = disk.clone();
    let store = Store::open_with_backend(move || opener.clone()).unwrap();
    seed(&store);
    let state = AppState::new(
        App::new(store, fixture_bank(), Config::default()),
        Cookies::PlainHttp,
    );
    let router = forvalt::web::app(state.clone());
    assert_eq!(healthz(&router).await, StatusCode::OK);

    let mut kari = Browser::new(&router);
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    assert_eq!(
        kari.answer(&url, &position, &csrf, 0).await.status,
        StatusCode::SEE_OTHER
    );
    let acknowledged = 1;

    // The disk fills up.
    disk.failing.store(true, Ordering::SeqCst);
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    let reply = kari.answer(&url, &position, &csrf, 0).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("midlertidig utilgjengelig"),
        "{}",
        reply.body
    );
    assert!(reply.headers.contains_key("retry-after"));
    assert_eq!(healthz(&router).await, StatusCode::SERVICE_UNAVAILABLE);
    let (status, json) = crate::web::api(
        &router,
        "POST",
        "/api/login",
        None,
        Some(r#"{"employee_id":"ola","password":"riktig-passord"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(json["error"], "unavailable");

    // Space is freed: the next health check reopens the database, and writes work again
    // without a restart.
    disk.failing.store(false, Ordering::SeqCst);
    assert_eq!(healthz(&router).await, StatusCode::OK);
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    assert_eq!(
        position,
        acknowledged.to_string(),
        "the refused answer was not stored"
    );
    assert_eq!(
        kari.answer(&url, &position, &csrf, 0).await.status,
        StatusCode::SEE_OTHER
    );
    let mut ola = Browser::new(&router);
    assert_eq!(
        ola.login("ola", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let (history, _) = state.app.store().history(TestId(1)).unwrap();
    assert_eq!(
        history.len(),
        acknowledged + 1,
        "every acknowledged answer is kept"
    );
}

#[test]
fn the_store_reports_and_recovers_a_full_file_system() {
    // A small tmpfs really runs out of space; mounting needs root.
    let dir = crate::web::TempDir::new("security");
    let mount = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(dir.path())
        .output();
    match mount {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            println!(
                "skipped: cannot mount a tmpfs here ({})",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return;
        }
        Err(e) => {
            println!("skipped: cannot run mount ({e})");
            return;
        }
    }
    let result = std::panic::catch_unwind(|| full_file_system(dir.path()));
    let _ = std::process::Command::new("umount")
        .arg(dir.path())
        .status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

fn person(n: usize) -> UserInput {
    UserInput {
        employee_id: format!("p{n:05}"),
        name: format!("Person {n} med et ganske langt navn for å fylle sider"),
        email: format!("p{n}@example.no"),
        department: "Etat/Avdeling".into(),
        role: Role::Caseworker,
        password_hash: None,
    }
}

fn full_file_system(dir: &std::path::Path) {
    let store = Store::open(&dir.join("forvalt.redb")).unwrap();
    store
        .upsert_users(&[person(0)], jiff::Timestamp::now())
        .unwrap();
    // Fill the rest of the file system.
    let filler = dir.join("filler");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![7u8; 64 * 1024];
        while file
            .write_all(&block)
            .and_then(|()| file.sync_all())
            .is_ok()
        {}
    }
    // A write that needs room fails, and says so.
    let many: Vec<UserInput> = (1..4000).map(person).collect();
    let failed = store.upsert_users(&many, jiff::Timestamp::now());
    assert!(
        matches!(failed, Err(StoreError::Unavailable(_))),
        "{failed:?}"
    );
    assert!(store.write_path_broken());
    assert!(store.recover().is_err(), "still full");
    // Room again: the store reopens and takes writes; what was acknowledged is there.
    std::fs::remove_file(&filler).unwrap();
    store.recover().unwrap();
    assert!(!store.write_path_broken());
    store
        .upsert_users(&many[..10], jiff::Timestamp::now())
        .unwrap();
    assert!(store.user_by_login("p00000").unwrap().is_some());
    assert!(store.user_by_login("p00005").unwrap().is_some());
}

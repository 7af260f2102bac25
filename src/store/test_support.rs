//! Fixtures for the store's unit tests: a fresh file with users, a cycle and tests.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::Timestamp;

use super::{
    AnswerWrite, CycleId, ItemVersionRecord, NextWrite, PendingRecord, ResponseRecord, Role, Store,
    TestId, UserId, UserInput,
};

/// A database file in a fresh temporary directory, removed when dropped.
pub struct TempDb(PathBuf);

impl TempDb {
    pub fn new() -> TempDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("forvalt-store-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDb(dir)
    }

    pub fn path(&self) -> PathBuf {
        self.0.join("test.redb")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `users` caseworkers, one cycle, and a test per caseworker with item `item-0` pending.
/// Returns the test ids.
pub fn seed(store: &Store, users: usize) -> Vec<TestId> {
    let now = Timestamp::now();
    let inputs: Vec<UserInput> = (0..users)
        .map(|i| UserInput {
            employee_id: format!("u{i}"),
            name: format!("User {i}"),
            email: format!("u{i}@example.no"),
            department: "BUF/Team 1".into(),
            role: Role::Caseworker,
            password_hash: None,
        })
        .collect();
    store.upsert_users(&inputs, now).unwrap();
    let date = jiff::civil::date(2026, 1, 1);
    let cycle = store.add_cycle("c", date, date).unwrap();
    (1..=users as u64)
        .map(|user| {
            let test = store
                .test_for_or_create(UserId(user), CycleId(cycle.id), user, now)
                .unwrap();
            let (pending, shown) = pending(0);
            store.set_pending(TestId(test.id), pending, shown).unwrap();
            TestId(test.id)
        })
        .collect()
}

/// The pending record and shown version of the item at `position` (item `item-{position}`).
pub fn pending(position: u32) -> (PendingRecord, ItemVersionRecord) {
    let now = Timestamp::now();
    let item_id = format!("item-{position}");
    let version = format!("{item_id}@v1");
    (
        PendingRecord {
            position,
            item_id: item_id.clone(),
            version: version.clone(),
            shown_at: now,
            pretest: false,
            form: Default::default(),
            text_version: None,
        },
        ItemVersionRecord {
            version,
            item_id,
            stem: format!("Stem {position}"),
            options: vec!["A".into(), "B".into()],
            key: 0,
            first_shown: now,
        },
    )
}

/// The answer to position `position` of `test`, with the next item pending.
pub fn answer(test: TestId, position: u32) -> AnswerWrite {
    let (p, _) = pending(position);
    let (next, shown) = pending(position + 1);
    AnswerWrite {
        response: ResponseRecord {
            test_id: test.0,
            position,
            item_id: p.item_id,
            version: p.version,
            option: (position % 2) as u8,
            correct: position.is_multiple_of(2),
            response_ms: 1000 + u64::from(position),
            answered_at: Timestamp::now(),
            pretest: false,
            form: Default::default(),
            text_version: None,
        },
        next: NextWrite::Pending(next, shown),
    }
}

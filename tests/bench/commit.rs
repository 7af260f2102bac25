//! `cargo bench --bench commit`: what a durable commit costs, and what group commit buys.
//!
//! 1. Raw redb: single-row durable commits per second, with and without quick repair, and
//!    rows per second when 100 rows share a commit.
//! 2. `Store::record_answer` from 1 thread (every answer its own transaction) and from 64
//!    threads (answers queue while a commit is in flight and share the next one).
//!
//! Figures depend on the disk and on the other load of the machine; run on an idle machine.

use std::time::Instant;

use forvalt::store::{
    AnswerWrite, CycleId, ItemVersionRecord, NextWrite, PendingRecord, ResponseRecord, Role, Store,
    TestId, UserId, UserInput,
};
use jiff::Timestamp;
use redb::{Database, TableDefinition};

const TABLE: TableDefinition<u64, &[u8]> = TableDefinition::new("rows");

fn main() {
    let dir = std::env::temp_dir().join(format!("forvalt-bench-commit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let value = vec![7u8; 200];

    for quick_repair in [false, true] {
        let path = dir.join(format!("raw-{quick_repair}.redb"));
        let db = Database::create(&path).unwrap();
        let n = 2000u64;
        let started = Instant::now();
        for i in 0..n {
            let mut txn = db.begin_write().unwrap();
            txn.set_quick_repair(quick_repair);
            txn.open_table(TABLE)
                .unwrap()
                .insert(i, value.as_slice())
                .unwrap();
            txn.commit().unwrap();
        }
        let single = n as f64 / started.elapsed().as_secs_f64();
        let started = Instant::now();
        let batches = 200u64;
        for b in 0..batches {
            let mut txn = db.begin_write().unwrap();
            txn.set_quick_repair(quick_repair);
            {
                let mut table = txn.open_table(TABLE).unwrap();
                for i in 0..100 {
                    table.insert(n + b * 100 + i, value.as_slice()).unwrap();
                }
            }
            txn.commit().unwrap();
        }
        let grouped = (batches * 100) as f64 / started.elapsed().as_secs_f64();
        println!(
            "redb, quick repair {quick_repair:<5}: {single:>8.0} single-row commits/s, {grouped:>9.0} rows/s in 100-row commits"
        );
    }

    for threads in [1usize, 64] {
        let path = dir.join(format!("store-{threads}.redb"));
        let store = Store::open(&path).unwrap();
        let tests = seed(&store, threads);
        let per_thread = if threads == 1 { 2000 } else { 100 };
        let started = Instant::now();
        std::thread::scope(|scope| {
            for &test in &tests {
                let store = &store;
                scope.spawn(move || {
                    for position in 0..per_thread {
                        store.record_answer(&answer(test, position)).unwrap();
                    }
                });
            }
        });
        let elapsed = started.elapsed().as_secs_f64();
        let stats = store.commit_stats();
        println!(
            "Store::record_answer, {threads:>2} threads: {:>7.0} answers/s, {} writes in {} transactions (largest {})",
            (threads * per_thread as usize) as f64 / elapsed,
            stats.writes,
            stats.batches,
            stats.largest_batch
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn seed(store: &Store, users: usize) -> Vec<u64> {
    let now = Timestamp::now();
    let inputs: Vec<UserInput> = (0..users)
        .map(|i| UserInput {
            employee_id: format!("b{i}"),
            name: format!("Bench {i}"),
            email: format!("b{i}@example.no"),
            department: "Bench".into(),
            role: Role::Caseworker,
            password_hash: None,
        })
        .collect();
    store.upsert_users(&inputs, now).unwrap();
    let date = jiff::civil::date(2026, 1, 1);
    let cycle = store.add_cycle("bench", date, date).unwrap();
    (1..=users as u64)
        .map(|user| {
            let test = store
                .test_for_or_create(UserId(user), CycleId(cycle.id), user, now)
                .unwrap();
            let (pending, shown) = pending(0);
            store.set_pending(TestId(test.id), pending, shown).unwrap();
            test.id
        })
        .collect()
}

fn pending(position: u32) -> (PendingRecord, ItemVersionRecord) {
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
            options: vec!["A".into(), "B".into(), "C".into(), "D".into()],
            key: 0,
            first_shown: now,
        },
    )
}

fn answer(test: u64, position: u32) -> AnswerWrite {
    let (p, _) = pending(position);
    let (next, shown) = pending(position + 1);
    AnswerWrite {
        response: ResponseRecord {
            test_id: test,
            position,
            item_id: p.item_id,
            version: p.version,
            option: 0,
            correct: true,
            response_ms: 1000,
            answered_at: Timestamp::now(),
            pretest: false,
            form: Default::default(),
            text_version: None,
        },
        next: NextWrite::Pending(next, shown),
    }
}

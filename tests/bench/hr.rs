//! Benchmark of the `/hr` view against a database (not a test): read transactions and time
//! per view at 10,000 completed tests.
//!
//!     cargo bench --bench hr
//!
//! Synthetic data written through the store: 10,000 caseworkers in 5 areas × 20 teams, two
//! cycles, and 5,000 completed tests in each (the newest cycle's report has a trend against the
//! previous one), 20 distinct random active items of the shipped bank per test, right with the
//! 3PL probability at θ ~ N(0, 1). Times what the `/hr` page loads (cycles, levels, topic report
//! with trends, completion) as the page does, and counts the store's read transactions.

use std::path::Path;
use std::time::Instant;

use forvalt::app::{App, Config, Principal, ViewRequest};
use forvalt::bank::{self, ItemBank, Status};
use forvalt::simulate::simulee_rng;
use forvalt::store::{
    AnswerWrite, CycleId, FinishedRecord, ItemVersionRecord, NextWrite, PendingRecord,
    ResponseRecord, Role, Store, TestId, UserId, UserInput,
};
use jiff::Timestamp;
use rand::RngExt;
use statrs::distribution::Normal;

const PEOPLE: usize = 10_000;
const ANSWERS: usize = 20;
const THREADS: usize = 32;
const VIEWS: u32 = 5;

fn main() {
    let today = jiff::Zoned::now().date();
    let bank = bank::load(Path::new("item-bank"), today)
        .bank
        .expect("the shipped bank is valid");
    let dir = std::env::temp_dir().join(format!("forvalt-bench-hr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(&dir.join("bench.redb")).unwrap();
    let started = Instant::now();
    let tests = seed(&store, &bank);
    println!(
        "seeded {tests} completed tests ({} answers) in {:.1} s",
        tests * ANSWERS,
        started.elapsed().as_secs_f64()
    );
    let principal = Principal {
        user: store.user_by_login("hr-bench").unwrap().unwrap(),
        csrf: String::new(),
    };
    let app = App::new(store, bank, Config::default());
    let (first_reads, _) = view(&app, &principal);
    let started = Instant::now();
    let mut reads = 0;
    for _ in 0..VIEWS {
        let (n, groups) = view(&app, &principal);
        reads += n;
        assert!(groups > 0, "the report has groups");
    }
    println!(
        "/hr view at {tests} completed tests: {first_reads} read transactions (first view), {} per view, {:.1} ms per view (mean of {VIEWS})",
        reads / u64::from(VIEWS),
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(VIEWS)
    );
    // The reading alone, under the same load: the one snapshot the view reads now, and the
    // reads the view made before the read model (cycles ×2, departments ×3, users ×2, tests ×3,
    // the cycle, and one history read per completed test of the cycle and its previous cycle).
    let store = app.store();
    let started = Instant::now();
    for _ in 0..VIEWS {
        let snapshot = store.report_snapshot(|cycles| cycles.iter().map(|c| c.id).collect());
        assert_eq!(snapshot.unwrap().answers.len(), tests);
    }
    let snapshot_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(VIEWS);
    let before = store.read_transactions();
    let started = Instant::now();
    for _ in 0..VIEWS {
        let cycles = store.cycles().unwrap();
        store.cycles().unwrap();
        for _ in 0..3 {
            store.departments().unwrap();
        }
        store.users().unwrap();
        store.users().unwrap();
        store.cycle(CycleId(cycles[0].id)).unwrap();
        let all = store.tests().unwrap();
        store.tests().unwrap();
        store.tests().unwrap();
        for test in all.iter().filter(|t| t.finished.is_some()) {
            store.history(TestId(test.id)).unwrap();
        }
    }
    println!(
        "reading alone: one snapshot {snapshot_ms:.1} ms; the former per-test reads {:.1} ms ({} read transactions)",
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(VIEWS),
        (store.read_transactions() - before) / u64::from(VIEWS)
    );
    // The author statistics computed directly (what a cache refresh does), now from the
    // published tests' answers: one report snapshot and the publication replay, then the item
    // analysis with the k masking.
    let author = Principal {
        user: store.user_by_login("author-bench").unwrap().unwrap(),
        csrf: String::new(),
    };
    let bank = bank::load(Path::new("item-bank"), today).bank.unwrap();
    let started = Instant::now();
    let mut published = 0;
    for _ in 0..VIEWS {
        let statistics = app
            .authoring
            .item_statistics(&author, &bank, Default::default(), today)
            .unwrap();
        published = statistics.tests;
        assert!(published > 0 && published <= tests);
    }
    println!(
        "author statistics from {published} published of {tests} completed tests: {:.1} ms per computation (mean of {VIEWS})",
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(VIEWS)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// What `/hr` loads for the newest cycle at the default level (2): the read transactions it
/// took and the number of department rows of the report.
fn view(app: &App, principal: &Principal) -> (u64, usize) {
    let before = app.store().read_transactions();
    let page = app
        .reports
        .page(principal, ViewRequest::default(), Timestamp::now())
        .unwrap();
    let report = page.report.unwrap();
    assert!(report.previous.is_some() && !page.completion.unwrap().rows.is_empty());
    (
        app.store().read_transactions() - before,
        report.report.groups.len(),
    )
}

/// The people, two cycles and their completed tests; returns the number of completed tests.
fn seed(store: &Store, bank: &ItemBank) -> usize {
    let now = Timestamp::now();
    let mut people: Vec<UserInput> = (0..PEOPLE)
        .map(|p| UserInput {
            employee_id: format!("p{p}"),
            name: format!("Person {p}"),
            email: format!("p{p}@example.no"),
            department: format!("Etat/Område {}/Team {}", p % 5, (p / 5) % 20),
            role: Role::Caseworker,
            password_hash: None,
        })
        .collect();
    people.push(UserInput {
        employee_id: "hr-bench".into(),
        name: "HR".into(),
        email: "hr@example.no".into(),
        department: "Etat/HR".into(),
        role: Role::Hr,
        password_hash: None,
    });
    people.push(UserInput {
        employee_id: "author-bench".into(),
        name: "Forfatter".into(),
        email: "author@example.no".into(),
        department: "Etat/Fagstab".into(),
        role: Role::Author,
        password_hash: None,
    });
    store.upsert_users(&people, now).unwrap();
    let date = |y, m| jiff::civil::date(y, m, 1);
    let previous = store
        .add_cycle("forrige", date(2024, 1), date(2024, 3))
        .unwrap();
    let current = store.add_cycle("nå", date(2026, 1), date(2026, 3)).unwrap();
    let users = store.users().unwrap();
    let caseworkers: Vec<u64> = users
        .iter()
        .filter(|u| u.role == Role::Caseworker)
        .map(|u| u.id)
        .collect();
    let active: Vec<&bank::Item> = bank
        .items
        .iter()
        .filter(|i| i.status == Status::Active)
        .collect();
    std::thread::scope(|scope| {
        for part in 0..THREADS {
            let (caseworkers, active) = (&caseworkers, &active);
            scope.spawn(move || {
                let mut rng = simulee_rng(11, part as u64);
                let normal = Normal::standard();
                for (n, &user) in caseworkers.iter().enumerate().skip(part).step_by(THREADS) {
                    let cycle = if n % 2 == 0 { previous.id } else { current.id };
                    let theta: f64 = rng.sample(normal);
                    let test = store
                        .test_for_or_create(UserId(user), CycleId(cycle), n as u64, now)
                        .unwrap();
                    let mut items: Vec<&bank::Item> = Vec::with_capacity(ANSWERS);
                    while items.len() < ANSWERS {
                        let item = active[rng.random_range(0..active.len())];
                        if !items.iter().any(|i| i.id == item.id) {
                            items.push(item);
                        }
                    }
                    let (pending, shown) = show(items[0], 0, now);
                    store.set_pending(TestId(test.id), pending, shown).unwrap();
                    for (position, item) in items.iter().enumerate() {
                        let correct = rng.random::<f64>() < item.params.p(theta);
                        let next = match items.get(position + 1) {
                            Some(next) => {
                                let (pending, shown) = show(next, position as u32 + 1, now);
                                NextWrite::Pending(pending, shown)
                            }
                            None => NextWrite::Finished(FinishedRecord {
                                at: now,
                                reason: "max_length".into(),
                                theta,
                                standard_error: 0.4,
                            }),
                        };
                        let write = AnswerWrite {
                            response: ResponseRecord {
                                test_id: test.id,
                                position: position as u32,
                                item_id: item.id.to_string(),
                                version: item.version.clone(),
                                option: if correct {
                                    item.key as u8
                                } else {
                                    (item.key as u8 + 1) % 2
                                },
                                correct,
                                response_ms: 20_000,
                                answered_at: now,
                                pretest: false,
                                form: Default::default(),
                                text_version: None,
                            },
                            next,
                        };
                        store.record_answer(&write).unwrap();
                    }
                }
            });
        }
    });
    caseworkers.len()
}

fn show(item: &bank::Item, position: u32, now: Timestamp) -> (PendingRecord, ItemVersionRecord) {
    (
        PendingRecord {
            position,
            item_id: item.id.to_string(),
            version: item.version.clone(),
            shown_at: now,
            pretest: false,
            form: Default::default(),
            text_version: None,
        },
        ItemVersionRecord {
            version: item.version.clone(),
            item_id: item.id.to_string(),
            stem: item.stem.clone(),
            options: item.options.clone(),
            key: item.key as u8,
            first_shown: now,
        },
    )
}

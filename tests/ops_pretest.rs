//! The stored pretest counts (schema version 3) across the operations that rewrite or replace
//! a database: a version-2 backup restored (and migrated) goes on seeding pretest items only up
//! to their target, and retention leaves the counts equal to the stored answers.

use std::collections::BTreeMap;

use forvalt::bank::{ItemBank, Status};
use forvalt::service::{AnswerInput, Config, Current, Principal, Service};
use forvalt::store::{self, Role, SCHEMA_VERSION, Store, UserInput};
use jiff::ToSpan;

use crate::web::{TempDir, fixture_bank, seed};

const PRETEST: [&str; 2] = ["hab-005", "kla-006"];

/// The fixture bank with two pretest items, both seeded into every test until `target`.
fn bank(target: usize) -> ItemBank {
    let mut bank = fixture_bank();
    for item in bank.items.iter_mut() {
        if PRETEST.contains(&item.id.as_str()) {
            item.status = Status::Pretest;
        }
    }
    bank.test.pretest_per_test = 2;
    bank.test.pretest_target = target;
    bank
}

fn caseworker(service: &Service, login: &str) -> Principal {
    let now = jiff::Timestamp::now();
    if service.store().user_by_login(login).unwrap().is_none() {
        let user = UserInput {
            employee_id: login.into(),
            name: format!("{login} Testesen"),
            email: format!("{login}@example.no"),
            department: "BUF/Område Nord/Team 3".into(),
            role: Role::Caseworker,
            password_hash: None,
        };
        service.store().upsert_users(&[user], now).unwrap();
    }
    Principal {
        user: service.store().user_by_login(login).unwrap().unwrap(),
        csrf: String::new(),
    }
}

/// Take a whole test in `cycle` (always the first option); the pretest items it was given.
fn take_test(service: &Service, login: &str, cycle: u64) -> Vec<String> {
    let who = caseworker(service, login);
    let now = jiff::Timestamp::now();
    let test = service.start_test(&who, cycle, now).unwrap();
    while let Current::Item(view) = service.current(&who, test.id, now).unwrap() {
        let input = AnswerInput {
            position: view.position,
            option: 0,
            response_ms: Some(3000),
        };
        assert!(service.answer(&who, test.id, input, now).unwrap().0);
    }
    let (answers, _) = service.store().history(test.id).unwrap();
    let mut pretest: Vec<String> = answers
        .into_iter()
        .filter(|r| r.pretest)
        .map(|r| r.item_id)
        .collect();
    pretest.sort();
    pretest
}

/// Pretest answers per item, counted from every stored response.
fn counted(store: &Store) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for r in store
        .all_responses()
        .unwrap()
        .into_iter()
        .filter(|r| r.pretest)
    {
        *counts.entry(r.item_id).or_insert(0) += 1;
    }
    counts
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Turn a database file into what a version-2 build wrote: no counts table, version 2.
fn make_version_2(path: &std::path::Path) {
    use redb::{Database, TableDefinition};
    let db = Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    let table: TableDefinition<&str, u64> = TableDefinition::new("pretest_counts");
    assert!(txn.delete_table(table).unwrap());
    let meta: TableDefinition<&str, u64> = TableDefinition::new("meta");
    txn.open_table(meta)
        .unwrap()
        .insert("schema_version", 2)
        .unwrap();
    txn.commit().unwrap();
}

#[test]
fn a_restored_version_2_backup_counts_its_pretest_answers_and_seeding_stops_at_the_target() {
    let dir = TempDir::new();
    {
        let store = Store::open(&dir.db()).unwrap();
        seed(&store);
        let service = Service::new(store, bank(2), Config::default());
        assert_eq!(take_test(&service, "kari", 1), PRETEST);
        assert_eq!(
            service.store().pretest_counts().unwrap(),
            counts(&[("hab-005", 1), ("kla-006", 1)])
        );
    }
    make_version_2(&dir.db());
    let restored = dir.0.join("restored.redb");
    let summary = store::restore(&dir.db(), &restored).unwrap();
    assert_eq!(summary.backup_schema_version, 2);
    assert_eq!(store::check(&restored).unwrap(), []);

    let service = Service::new(Store::open(&restored).unwrap(), bank(2), Config::default());
    assert_eq!(
        service.store().pretest_counts().unwrap(),
        counts(&[("hab-005", 1), ("kla-006", 1)])
    );
    // One more answer each reaches the target of 2; after that no test is given them.
    assert_eq!(take_test(&service, "ola", 1), PRETEST);
    assert_eq!(take_test(&service, "per", 1), Vec::<String>::new());
    let expected = counts(&[("hab-005", 2), ("kla-006", 2)]);
    assert_eq!(service.store().pretest_counts().unwrap(), expected);
    assert_eq!(counted(service.store()), expected);

    // A backup of the migrated file carries the counts.
    let copy = dir.0.join("copy.redb");
    service.store().backup_to(&copy).unwrap();
    drop(service);
    assert_eq!(store::check(&copy).unwrap(), []);
    assert_eq!(
        Store::open(&copy).unwrap().pretest_counts().unwrap(),
        expected
    );
    assert_eq!(store::backup_schema_version(&copy).unwrap(), SCHEMA_VERSION);
}

#[test]
fn retention_keeps_the_pretest_counts_equal_to_the_stored_answers() {
    let dir = TempDir::new();
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let service = Service::new(store, bank(10), Config::default());
    for login in ["kari", "ola"] {
        assert_eq!(take_test(&service, login, 1), PRETEST);
    }
    let today = jiff::Zoned::now().date();
    let newer = service
        .store()
        .add_cycle("neste", today + 40.days(), today + 70.days())
        .unwrap();
    assert!(newer.id > 1);
    let expected = counts(&[("hab-005", 2), ("kla-006", 2)]);
    let done = service
        .store()
        .apply_retention(1, jiff::Timestamp::now(), false)
        .unwrap();
    assert_eq!(done.tests_unlinked, 2, "{done:?}");
    assert_eq!(service.store().pretest_counts().unwrap(), expected);
    assert_eq!(counted(service.store()), expected);
    drop(service);
    assert_eq!(store::check(&dir.db()).unwrap(), []);
}

//! The stored pretest counts (schema version 3) across the operations that rewrite or replace
//! a database: a version-2 backup restored (and migrated) goes on seeding pretest items only up
//! to their target, and retention leaves the counts equal to the stored answers.

use std::collections::BTreeMap;

use forvalt::app::simulee::{self, Choice, caseworker, enrol};
use forvalt::app::{App, Config};
use forvalt::store::{self, CycleId, SCHEMA_VERSION, Store, TestId};
use jiff::ToSpan;

use crate::pretest::{PRETEST, bank_with_pretest};
use crate::web::{TempDir, seed};

/// Take a whole test in `cycle` (always the first option) as `login` (created if new); the
/// pretest items it was given.
fn take_test(service: &App, login: &str, cycle: u64) -> Vec<String> {
    let now = jiff::Timestamp::now();
    let person = caseworker(
        login.into(),
        format!("{login} Testesen"),
        "BUF/Område Nord/Team 3",
        "example.no",
    );
    let who = enrol(service.store(), &[person], now).unwrap().remove(0);
    let test = service
        .test_taking
        .start_test(&who, CycleId(cycle), now)
        .unwrap();
    simulee::take_test(
        &service.test_taking,
        &who,
        TestId(test.id),
        now,
        usize::MAX,
        |_| Choice {
            option: 0,
            response_ms: 3000,
        },
    )
    .unwrap();
    let (answers, _) = service.store().history(TestId(test.id)).unwrap();
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
    let dir = TempDir::new("web");
    {
        let store = Store::open(&dir.db()).unwrap();
        seed(&store);
        let service = App::new(store, bank_with_pretest(2), Config::default());
        assert_eq!(take_test(&service, "kari", 1), PRETEST);
        assert_eq!(
            service.store().pretest_counts().unwrap(),
            counts(&[("hab-005", 1), ("kla-006", 1)])
        );
    }
    make_version_2(&dir.db());
    let restored = dir.path().join("restored.redb");
    let summary = store::restore(&dir.db(), &restored).unwrap();
    assert_eq!(summary.backup_schema_version, 2);
    assert_eq!(store::check(&restored).unwrap(), []);

    let service = App::new(
        Store::open(&restored).unwrap(),
        bank_with_pretest(2),
        Config::default(),
    );
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
    let copy = dir.path().join("copy.redb");
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
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let service = App::new(store, bank_with_pretest(10), Config::default());
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
        .apply_retention(
            1,
            jiff::Timestamp::now(),
            forvalt::store::RetentionRun::Apply,
        )
        .unwrap();
    assert_eq!(done.tests_unlinked, 2, "{done:?}");
    assert_eq!(service.store().pretest_counts().unwrap(), expected);
    assert_eq!(counted(service.store()), expected);
    drop(service);
    assert_eq!(store::check(&dir.db()).unwrap(), []);
}

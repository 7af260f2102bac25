//! `forvalt db check`: is the file a consistent forvalt database?
//!
//! Runs redb's own integrity check (page checksums, allocator state), then reads every table
//! and checks the links between records that the rest of the store relies on but redb cannot
//! know about: the schema version; every test's user and cycle exist and the (user, cycle)
//! index agrees with the tests; every response belongs to an existing test, sits under its
//! own key, refers to a stored item version, and a test's positions run 0, 1, 2, … without gaps
//! or a repeated item; the pending item is at the position after the last answer and only in
//! an unfinished test; id counters are ahead of every id in use (or the next record would
//! overwrite one); the pretest count of every item equals its stored pretest answers. Every problem becomes a [`Finding`]; the check never stops at the first.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use redb::{Database, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;

use super::{
    ANONYMISED_USER, COUNTERS, CYCLES, CycleRecord, ITEM_VERSIONS, ItemVersionRecord,
    LOGIN_SESSIONS, LoginSessionRecord, META, PENDING, PRETEST_COUNTS, PendingRecord, RESPONSES,
    ResponseRecord, SCHEMA_KEY, SCHEMA_VERSION, StoreError, TEST_BY_USER_CYCLE, TESTS, TestRecord,
    USER_BY_LOGIN, USERS, UserRecord,
};

/// One problem found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The table (or `file`, `meta`) where the problem is.
    pub table: &'static str,
    /// The record's key as text; empty for the table or file as a whole.
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.table, self.message)
        } else {
            write!(f, "{} {}: {}", self.table, self.key, self.message)
        }
    }
}

/// Check the database at `path` (which no other process may have open). `Err` only when the
/// file cannot be opened or read at all; everything else is reported as findings (an empty
/// list: the database is consistent).
pub fn check(path: &Path) -> Result<Vec<Finding>, StoreError> {
    if !path.exists() {
        return Err(StoreError::Open {
            path: path.to_path_buf(),
            message: "no such file".into(),
        });
    }
    let mut db = Database::open(path).map_err(|e| StoreError::open(path, e))?;
    let mut findings = Vec::new();
    match db.check_integrity() {
        Ok(true) => {}
        Ok(false) => findings.push(whole(
            "file",
            "redb's integrity check failed and the file was repaired (the last commits may be lost)",
        )),
        Err(e) => {
            findings.push(whole("file", &format!("redb's integrity check failed: {e}")));
            return Ok(findings);
        }
    }
    let txn = db.begin_read()?;
    let mut c = Checker {
        txn: &txn,
        findings,
    };
    c.run();
    Ok(c.findings)
}

fn whole(table: &'static str, message: &str) -> Finding {
    Finding {
        table,
        key: String::new(),
        message: message.to_string(),
    }
}

struct Checker<'a> {
    txn: &'a ReadTransaction,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn find(&mut self, table: &'static str, key: impl std::fmt::Debug, message: String) {
        self.findings.push(Finding {
            table,
            key: format!("{key:?}"),
            message,
        });
    }

    fn run(&mut self) {
        match self.schema() {
            Some(SCHEMA_VERSION) => {}
            Some(found) => {
                self.findings.push(whole(
                    "meta",
                    &format!(
                        "schema version {found}, this forvalt checks version {SCHEMA_VERSION}; not checked further"
                    ),
                ));
                return;
            }
            None => {
                self.findings
                    .push(whole("meta", "no schema version: not a forvalt database"));
                return;
            }
        }
        let users: BTreeMap<u64, UserRecord> = self.records(USERS, "users");
        let cycles: BTreeMap<u64, CycleRecord> = self.records(CYCLES, "cycles");
        let tests: BTreeMap<u64, TestRecord> = self.records(TESTS, "tests");
        let pending: BTreeMap<u64, PendingRecord> = self.records(PENDING, "pending");
        let responses: BTreeMap<(u64, u32), ResponseRecord> = self.records(RESPONSES, "responses");
        let versions: BTreeMap<String, ItemVersionRecord> =
            self.records(ITEM_VERSIONS, "item_versions");
        let sessions: BTreeMap<String, LoginSessionRecord> =
            self.records(LOGIN_SESSIONS, "login_sessions");
        let by_login: BTreeMap<String, u64> = self.plain(USER_BY_LOGIN, "user_by_login");
        let by_user_cycle: BTreeMap<(u64, u64), u64> =
            self.plain(TEST_BY_USER_CYCLE, "test_by_user_cycle");
        let counters: BTreeMap<String, u64> = self.plain(COUNTERS, "counters");
        let pretest_counts: BTreeMap<String, u64> = self.plain(PRETEST_COUNTS, "pretest_counts");
        self.pretest_counts(&pretest_counts, &responses);

        for (&id, user) in &users {
            if user.id != id {
                self.find("users", id, format!("holds the record of user {}", user.id));
            }
            if by_login.get(&user.employee_id) != Some(&id) {
                self.find(
                    "users",
                    id,
                    format!(
                        "employee id {:?} is not indexed to this user",
                        user.employee_id
                    ),
                );
            }
        }
        for (login, &id) in &by_login {
            if users.get(&id).is_none_or(|u| &u.employee_id != login) {
                self.find(
                    "user_by_login",
                    login,
                    format!("points to user {id}, which does not have this employee id"),
                );
            }
        }
        for (&id, cycle) in &cycles {
            if cycle.id != id {
                self.find(
                    "cycles",
                    id,
                    format!("holds the record of cycle {}", cycle.id),
                );
            }
        }
        for (&id, test) in &tests {
            if test.id != id {
                self.find("tests", id, format!("holds the record of test {}", test.id));
            }
            // Retention unlinks old tests from their user on purpose: no user, no index entry.
            let anonymised = test.user_id == ANONYMISED_USER;
            if !anonymised && !users.contains_key(&test.user_id) {
                self.find("tests", id, format!("user {} does not exist", test.user_id));
            }
            if !cycles.contains_key(&test.cycle_id) {
                self.find(
                    "tests",
                    id,
                    format!("cycle {} does not exist", test.cycle_id),
                );
            }
            if !anonymised && by_user_cycle.get(&(test.user_id, test.cycle_id)) != Some(&id) {
                self.find(
                    "tests",
                    id,
                    format!(
                        "not indexed under (user {}, cycle {})",
                        test.user_id, test.cycle_id
                    ),
                );
            }
        }
        for (&(user, cycle), &id) in &by_user_cycle {
            if tests
                .get(&id)
                .is_none_or(|t| t.user_id != user || t.cycle_id != cycle)
            {
                self.find(
                    "test_by_user_cycle",
                    (user, cycle),
                    format!("points to test {id}, which is not this user's test in this cycle"),
                );
            }
        }

        // Responses, grouped per test in position order (the table's key order).
        let mut per_test: BTreeMap<u64, Vec<&ResponseRecord>> = BTreeMap::new();
        for (&(test_id, position), r) in &responses {
            if (r.test_id, r.position) != (test_id, position) {
                self.find(
                    "responses",
                    (test_id, position),
                    format!(
                        "holds the answer of test {} position {}",
                        r.test_id, r.position
                    ),
                );
            }
            if !tests.contains_key(&test_id) {
                self.find(
                    "responses",
                    (test_id, position),
                    format!("test {test_id} does not exist"),
                );
            }
            match versions.get(r.shown_version()) {
                None => self.find(
                    "responses",
                    (test_id, position),
                    format!("item version {} is not stored", r.shown_version()),
                ),
                Some(v) if v.item_id != r.item_id => self.find(
                    "responses",
                    (test_id, position),
                    format!(
                        "item version {} belongs to item {}, not {}",
                        r.shown_version(),
                        v.item_id,
                        r.item_id
                    ),
                ),
                Some(_) => {}
            }
            per_test.entry(test_id).or_default().push(r);
        }
        for (&test_id, answers) in &per_test {
            let positions: Vec<u32> = answers.iter().map(|r| r.position).collect();
            let expected: Vec<u32> = (0..answers.len() as u32).collect();
            if positions != expected {
                self.find(
                    "responses",
                    test_id,
                    format!(
                        "positions are {positions:?}, not 0 to {} without gaps",
                        answers.len().saturating_sub(1)
                    ),
                );
            }
            let mut seen = HashSet::new();
            for r in answers {
                if !seen.insert(r.item_id.as_str()) {
                    self.find(
                        "responses",
                        (test_id, r.position),
                        format!("item {} was already answered in this test", r.item_id),
                    );
                }
            }
        }

        for (&test_id, p) in &pending {
            let Some(test) = tests.get(&test_id) else {
                self.find("pending", test_id, format!("test {test_id} does not exist"));
                continue;
            };
            if test.finished.is_some() {
                self.find("pending", test_id, "the test is finished".into());
            }
            let answered = per_test.get(&test_id).map_or(0, Vec::len);
            if p.position as usize != answered {
                self.find(
                    "pending",
                    test_id,
                    format!(
                        "pending position {} but the test has {answered} answers",
                        p.position
                    ),
                );
            }
            if versions
                .get(p.shown_version())
                .is_none_or(|v| v.item_id != p.item_id)
            {
                self.find(
                    "pending",
                    test_id,
                    format!(
                        "item version {} of {} is not stored",
                        p.shown_version(),
                        p.item_id
                    ),
                );
            }
            if per_test
                .get(&test_id)
                .is_some_and(|a| a.iter().any(|r| r.item_id == p.item_id))
            {
                self.find(
                    "pending",
                    test_id,
                    format!("item {} was already answered in this test", p.item_id),
                );
            }
        }
        for (&test_id, test) in &tests {
            let answered = per_test.get(&test_id).map_or(0, Vec::len);
            if test.finished.is_none() && answered > 0 && !pending.contains_key(&test_id) {
                self.find(
                    "tests",
                    test_id,
                    format!("unfinished with {answered} answers but no pending item"),
                );
            }
        }
        for (hash, session) in &sessions {
            if !users.contains_key(&session.user_id) {
                self.find(
                    "login_sessions",
                    short(hash),
                    format!("user {} does not exist", session.user_id),
                );
            }
        }

        let max_ids: [(&str, Option<u64>); 3] = [
            ("users", users.keys().max().copied()),
            ("cycles", cycles.keys().max().copied()),
            ("tests", tests.keys().max().copied()),
        ];
        for (name, max) in max_ids {
            let counter = counters.get(name).copied().unwrap_or(0);
            if let Some(max) = max
                && counter < max
            {
                self.find(
                    "counters",
                    name,
                    format!(
                        "is {counter} but id {max} is in use (the next record would overwrite it)"
                    ),
                );
            }
        }
    }

    fn schema(&mut self) -> Option<u64> {
        let meta = match self.txn.open_table(META) {
            Ok(t) => t,
            Err(e) => {
                self.findings
                    .push(whole("meta", &format!("cannot be read: {e}")));
                return None;
            }
        };
        meta.get(SCHEMA_KEY).ok().flatten().map(|v| v.value())
    }

    /// Every JSON record of a table; undecodable records and unreadable tables are findings.
    /// Every item's pretest count equals its stored pretest answers (and every item with such
    /// answers has a count): live tests stop seeding an item by this count.
    fn pretest_counts(
        &mut self,
        stored: &BTreeMap<String, u64>,
        responses: &BTreeMap<(u64, u32), ResponseRecord>,
    ) {
        let mut counted: BTreeMap<&str, u64> = BTreeMap::new();
        for response in responses.values().filter(|r| r.pretest) {
            *counted.entry(response.item_id.as_str()).or_default() += 1;
        }
        for (item_id, &n) in stored {
            let actual = counted.get(item_id.as_str()).copied().unwrap_or(0);
            if n != actual {
                self.find(
                    "pretest_counts",
                    item_id,
                    format!("is {n} but {actual} pretest answers to the item are stored"),
                );
            }
        }
        for (item_id, actual) in counted {
            if !stored.contains_key(item_id) {
                self.find(
                    "pretest_counts",
                    item_id,
                    format!("missing, but {actual} pretest answers to the item are stored"),
                );
            }
        }
    }

    fn records<K, KO, T>(
        &mut self,
        def: TableDefinition<K, &'static [u8]>,
        name: &'static str,
    ) -> BTreeMap<KO, T>
    where
        K: redb::Key + 'static,
        KO: Ord + std::fmt::Debug + OwnedKey<K>,
        T: DeserializeOwned,
    {
        let mut out = BTreeMap::new();
        let table = match self.txn.open_table(def) {
            Ok(t) => t,
            Err(e) => {
                self.findings
                    .push(whole(name, &format!("cannot be opened: {e}")));
                return out;
            }
        };
        let iter = match table.iter() {
            Ok(i) => i,
            Err(e) => {
                self.findings
                    .push(whole(name, &format!("cannot be read: {e}")));
                return out;
            }
        };
        for entry in iter {
            match entry {
                Ok((k, v)) => {
                    let key = KO::owned(k.value());
                    match serde_json::from_slice::<T>(v.value()) {
                        Ok(record) => {
                            out.insert(key, record);
                        }
                        Err(e) => self.find(name, key, format!("cannot be decoded: {e}")),
                    }
                }
                Err(e) => {
                    self.findings
                        .push(whole(name, &format!("cannot be read: {e}")));
                    break;
                }
            }
        }
        out
    }

    /// Every entry of a table whose values are plain redb values (indexes, counters).
    fn plain<K, KO>(
        &mut self,
        def: TableDefinition<K, u64>,
        name: &'static str,
    ) -> BTreeMap<KO, u64>
    where
        K: redb::Key + 'static,
        KO: Ord + OwnedKey<K>,
    {
        let mut out = BTreeMap::new();
        let result = (|| -> Result<(), StoreError> {
            let table = self.txn.open_table(def)?;
            for entry in table.iter()? {
                let (k, v) = entry?;
                out.insert(KO::owned(k.value()), v.value());
            }
            Ok(())
        })();
        if let Err(e) = result {
            self.findings
                .push(whole(name, &format!("cannot be read: {e}")));
        }
        out
    }
}

/// The first characters of a session hash: enough to find it, not enough to matter.
fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

/// A table key as an owned value, so records can outlive the read of their table.
trait OwnedKey<K: redb::Value> {
    fn owned(key: K::SelfType<'_>) -> Self;
}

impl OwnedKey<u64> for u64 {
    fn owned(key: u64) -> u64 {
        key
    }
}

impl OwnedKey<(u64, u32)> for (u64, u32) {
    fn owned(key: (u64, u32)) -> (u64, u32) {
        key
    }
}

impl OwnedKey<(u64, u64)> for (u64, u64) {
    fn owned(key: (u64, u64)) -> (u64, u64) {
        key
    }
}

impl OwnedKey<&str> for String {
    fn owned(key: &str) -> String {
        key.to_string()
    }
}

#[cfg(test)]
mod unit_tests {
    use super::super::test_support::{TempDb, answer, pending, seed};
    use super::super::{COUNTERS, META, PENDING, RESPONSES, Store, TESTS, TestId, encode};
    use super::*;

    /// A database with three tests: two answers in test 1, one in test 2, none in test 3.
    fn consistent() -> (TempDb, Vec<TestId>) {
        let dir = TempDb::new();
        let store = Store::open(&dir.path()).unwrap();
        let tests = seed(&store, 3);
        for write in [
            answer(tests[0], 0),
            answer(tests[0], 1),
            answer(tests[1], 0),
        ] {
            store.record_answer(&write).unwrap();
        }
        (dir, tests)
    }

    fn messages(findings: &[Finding]) -> Vec<String> {
        findings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_consistent_database_has_no_findings() {
        let (dir, _) = consistent();
        assert_eq!(check(&dir.path()).unwrap(), []);
    }

    #[test]
    fn broken_links_are_all_reported() {
        let (dir, tests) = consistent();
        {
            let store = Store::open(&dir.path()).unwrap();
            let txn = store.db().unwrap().begin_write().unwrap();
            {
                // An answer for a test that does not exist.
                let mut responses = txn.open_table(RESPONSES).unwrap();
                let orphan = answer(TestId(77), 0);
                responses
                    .insert((77, 0), encode(&orphan.response).as_slice())
                    .unwrap();
                // A gap: test 1 loses its first answer.
                responses.remove((tests[0].0, 0)).unwrap();
                // An answer whose item version was never stored.
                let mut stray = answer(tests[1], 1).response;
                stray.version = "nowhere@v9".into();
                responses
                    .insert((tests[1].0, 1), encode(&stray).as_slice())
                    .unwrap();
                // Pending at a position that does not follow the answers.
                let mut pending_table = txn.open_table(PENDING).unwrap();
                let (wrong, _) = pending(5);
                pending_table
                    .insert(tests[2].0, encode(&wrong).as_slice())
                    .unwrap();
                // A test whose user does not exist, and a record that is not JSON.
                let mut tests_table = txn.open_table(TESTS).unwrap();
                let mut test = store.test(tests[2]).unwrap().unwrap();
                test.user_id = 4242;
                tests_table
                    .insert(tests[2].0, encode(&test).as_slice())
                    .unwrap();
                tests_table.insert(90, b"{not json".as_slice()).unwrap();
                // The test counter falls behind the ids in use.
                txn.open_table(COUNTERS)
                    .unwrap()
                    .insert("tests", 1)
                    .unwrap();
            }
            txn.commit().unwrap();
        }
        let found = messages(&check(&dir.path()).unwrap());
        let expect = [
            "responses (77, 0): test 77 does not exist".to_string(),
            format!(
                "responses {}: positions are [1], not 0 to 0 without gaps",
                tests[0]
            ),
            format!(
                "responses ({}, 1): item version nowhere@v9 is not stored",
                tests[1]
            ),
            format!(
                "pending {}: pending position 5 but the test has 0 answers",
                tests[2]
            ),
            format!("tests {}: user 4242 does not exist", tests[2]),
            format!("tests {}: not indexed under (user 4242, cycle 1)", tests[2]),
            "tests 90: cannot be decoded".to_string(),
            "counters \"tests\": is 1 but id 3 is in use".to_string(),
        ];
        for e in expect {
            assert!(
                found.iter().any(|f| f.starts_with(&e)),
                "missing {e:?} in {found:#?}"
            );
        }
    }

    #[test]
    fn a_foreign_schema_version_is_reported_and_not_checked_further() {
        let (dir, _) = consistent();
        {
            let store = Store::open(&dir.path()).unwrap();
            let txn = store.db().unwrap().begin_write().unwrap();
            txn.open_table(META)
                .unwrap()
                .insert(SCHEMA_KEY, 99)
                .unwrap();
            txn.commit().unwrap();
        }
        let found = messages(&check(&dir.path()).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("meta: schema version 99"), "{found:?}");
    }

    #[test]
    fn a_missing_or_non_database_file_is_an_error() {
        let dir = TempDb::new();
        assert!(check(&dir.path()).is_err());
        std::fs::write(dir.path(), b"hello, not a database").unwrap();
        assert!(check(&dir.path()).is_err());
    }
}

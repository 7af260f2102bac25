//! The read model of the HR views: everything a cycle's report, completion, trend and
//! drill-down need, read in one read transaction, so a view is one consistent snapshot and
//! costs one transaction whatever the number of tests.

use std::collections::HashMap;

use super::{
    CYCLES, CycleRecord, DEPARTMENTS, DepartmentRecord, RESPONSES, ResponseRecord, Store,
    StoreError, TESTS, TestRecord, USERS, UserRecord, all, decode,
};

/// One snapshot of the organisation and of the tests of some cycles.
#[derive(Debug, Clone, Default)]
pub struct ReportSnapshot {
    /// Every cycle, in id order.
    pub cycles: Vec<CycleRecord>,
    pub departments: Vec<DepartmentRecord>,
    pub users: Vec<UserRecord>,
    /// The tests of the cycles asked for, in id order.
    pub tests: Vec<TestRecord>,
    /// The answers of each finished test in `tests`, in position order.
    pub answers: HashMap<u64, Vec<ResponseRecord>>,
}

impl Store {
    /// Read the cycles, departments and users, then — in the same transaction — the tests of
    /// the cycles `choose` picks from all cycles, and the answers of the finished ones.
    pub fn report_snapshot(
        &self,
        choose: impl FnOnce(&[CycleRecord]) -> Vec<u64>,
    ) -> Result<ReportSnapshot, StoreError> {
        self.read(|txn| {
            let cycles: Vec<CycleRecord> = all(&txn.open_table(CYCLES)?, "cycle")?;
            let chosen = choose(&cycles);
            let tests: Vec<TestRecord> = all::<u64, TestRecord>(&txn.open_table(TESTS)?, "test")?
                .into_iter()
                .filter(|t| chosen.contains(&t.cycle_id))
                .collect();
            let responses = txn.open_table(RESPONSES)?;
            let mut answers = HashMap::new();
            for test in tests.iter().filter(|t| t.finished.is_some()) {
                let mut of_test = Vec::new();
                for entry in responses.range((test.id, 0)..=(test.id, u32::MAX))? {
                    let (_, value) = entry?;
                    of_test.push(decode::<ResponseRecord>("response", value.value())?);
                }
                answers.insert(test.id, of_test);
            }
            Ok(ReportSnapshot {
                cycles,
                departments: all(&txn.open_table(DEPARTMENTS)?, "department")?,
                users: all(&txn.open_table(USERS)?, "user")?,
                tests,
                answers,
            })
        })
    }
}

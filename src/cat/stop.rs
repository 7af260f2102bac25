//! Stopping: when a test ends.

use super::{Pool, Rules, Session};

/// Why a test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The standard error reached the target with the blueprint's minimums met.
    Precision,
    /// The maximum length was reached.
    MaxLength,
    /// No eligible item is left (a bank too small for the exclusions and blueprint).
    BankExhausted,
}

impl StopReason {
    /// The name used in reports and serialized records.
    pub fn as_str(&self) -> &'static str {
        match self {
            StopReason::Precision => "precision",
            StopReason::MaxLength => "max_length",
            StopReason::BankExhausted => "bank_exhausted",
        }
    }
}

/// Whether `session` should end now, and why. Precision counts only once the test has its minimum
/// length and every topic minimum that the pool can still meet.
pub fn check(session: &Session, pool: &Pool, rules: &Rules) -> Option<StopReason> {
    let n = session.n_answered();
    if n >= rules.blueprint.max_items() {
        return Some(StopReason::MaxLength);
    }
    let minimums_met = n >= rules.blueprint.min_items() && session.topic_deficit(pool, rules) == 0;
    if minimums_met && session.estimate().se <= rules.se_target {
        return Some(StopReason::Precision);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::StopReason;

    #[test]
    fn names_match_the_serialized_form() {
        for reason in [
            StopReason::Precision,
            StopReason::MaxLength,
            StopReason::BankExhausted,
        ] {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.as_str());
        }
    }
}

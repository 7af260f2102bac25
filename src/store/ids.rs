//! Ids in signatures: a user, a cycle and a test are all `u64` keys in the tables, so a
//! function taking two of them takes them as distinct types and cannot be called with the
//! arguments swapped. The stored records keep plain numbers (their JSON is a promise); an id
//! (de)serializes as its number (`serde(transparent)`), so a URL path or a JSON answer that
//! carries one reads and writes the same as before.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// A user (`UserRecord::id`).
    UserId
);
id!(
    /// A test cycle (`CycleRecord::id`).
    CycleId
);
id!(
    /// A test (`TestRecord::id`).
    TestId
);

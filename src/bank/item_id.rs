//! An item's id: the name of its file (`kla-012.toml` holds item `kla-012`), the key of its
//! answers, its history and its calibration rows.
//!
//! Its form is checked once, where the id comes in: from an item file
//! ([`super::load`](mod@super::load)), a form or a URL ([`ItemId::parse`], or deserializing one). Code that holds an `ItemId` can put
//! it in a file name or a URL path without checking again. The stored records keep the id as
//! a plain `String` (their bytes are a promise, and the store knows nothing of the bank); maps
//! keyed by `ItemId` are looked up with such a `&str` through [`Borrow<str>`].
//!
//! An `ItemId` is an `Arc<str>`: the bank, the live engine's index and every view share one
//! allocation per item, and a clone is a reference count. It (de)serializes as the plain
//! string, so JSON, CSV and URLs read and write the same bytes as before.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A checked item id: ASCII letters, digits, `-` and `_`, at least one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(Arc<str>);

/// Text that is not an item id ([`ItemId::parse`]): the text as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidItemId(pub String);

impl fmt::Display for InvalidItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not an item id (ASCII letters, digits, - and _)",
            self.0
        )
    }
}

impl std::error::Error for InvalidItemId {}

impl ItemId {
    /// The bank's rule for an id: not empty, and only ASCII letters, digits, `-` and `_` (so it
    /// is a file name on every system and a URL path segment without escaping). The text is
    /// taken as it is: a caller reading a file or a form trims it first.
    pub fn parse(text: &str) -> Result<ItemId, InvalidItemId> {
        if Self::is_valid(text) {
            Ok(ItemId(Arc::from(text)))
        } else {
            Err(InvalidItemId(text.to_string()))
        }
    }

    fn is_valid(text: &str) -> bool {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }

    /// The stricter form of an id the authors' editor gives a new item file: lowercase letters,
    /// digits and `-`, not starting with `-`, at most 40 characters (a file name that cannot
    /// clash with another on a case-insensitive file system or read as a command-line option).
    pub fn suits_new_file(&self) -> bool {
        self.0.len() <= 40
            && !self.0.starts_with('-')
            && self
                .0
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// [`ItemId::parse`], for command-line arguments.
impl std::str::FromStr for ItemId {
    type Err = InvalidItemId;

    fn from_str(text: &str) -> Result<ItemId, InvalidItemId> {
        ItemId::parse(text)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ItemId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Hash, equality and order are those of the text (derived over the `Arc<str>`), as `Borrow`
/// requires.
impl Borrow<str> for ItemId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ItemId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for ItemId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for ItemId {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<ItemId> for String {
    fn eq(&self, other: &ItemId) -> bool {
        **self == *other.0
    }
}

impl PartialEq<ItemId> for str {
    fn eq(&self, other: &ItemId) -> bool {
        *self == *other.0
    }
}

impl Serialize for ItemId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Reads the plain string and checks it: an id from a form or a JSON body is parsed here.
impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ItemId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;

    #[test]
    fn parse_takes_the_banks_form_and_refuses_the_rest() {
        for ok in ["kla-012", "KLA_1", "a", "2024-x"] {
            assert_eq!(ItemId::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "", " kla-1", "kla 1", "../x", "a/b", "kla.toml", "æøå", "x\n",
        ] {
            assert_eq!(
                ItemId::parse(bad),
                Err(InvalidItemId(bad.to_string())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_new_file_needs_the_stricter_form() {
        let id = |s: &str| ItemId::parse(s).unwrap();
        assert!(id("kla-012").suits_new_file());
        assert!(!id("Kla-1").suits_new_file(), "uppercase");
        assert!(!id("kla_1").suits_new_file(), "underscore");
        assert!(!id("-kla").suits_new_file(), "leading dash");
        assert!(!id(&"k".repeat(41)).suits_new_file(), "too long");
        assert!(id(&"k".repeat(40)).suits_new_file());
    }

    #[test]
    fn serializes_as_the_plain_string_and_checks_on_the_way_in() {
        let id = ItemId::parse("kla-012").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"kla-012\"");
        assert_eq!(
            serde_json::to_string(&vec![id.clone()]).unwrap(),
            serde_json::to_string(&vec!["kla-012"]).unwrap()
        );
        assert_eq!(serde_json::from_str::<ItemId>("\"kla-012\"").unwrap(), id);
        assert!(serde_json::from_str::<ItemId>("\"../x\"").is_err());
        assert!(serde_json::from_str::<ItemId>("\"\"").is_err());
        assert_eq!(id.to_string(), "kla-012");
    }

    #[test]
    fn maps_keyed_by_id_are_looked_up_with_text() {
        let id = ItemId::parse("kla-012").unwrap();
        let hashed = HashMap::from([(id.clone(), 1)]);
        let ordered = BTreeMap::from([(id.clone(), 1)]);
        assert_eq!(hashed.get("kla-012"), Some(&1));
        assert_eq!(ordered.get("kla-012"), Some(&1));
        assert_eq!(hashed.get("kla-013"), None);
        let text = String::from("kla-012");
        assert_eq!(id, "kla-012");
        assert_eq!(text, id);
        assert_ne!(id, "kla-013");
    }
}

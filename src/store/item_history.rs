//! Item history: every change authors make to an item in the browser, append-only.
//!
//! Table `item_history`, key (item id, sequence number from 1) → [`ItemEventRecord`]. The table is
//! created by the first write, so older files need no migration (a missing table reads as no
//! history). The one consistency rule kept here: a new draft is stored only if it was based on
//! the item's latest stored content ([`Store::append_item_events`] with `base`), checked inside
//! the write transaction, so two authors saving at once cannot both win.

use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, decode, encode};

/// (item id, sequence number) → an event of the item's history.
pub(crate) const ITEM_HISTORY: TableDefinition<(&str, u32), &[u8]> =
    TableDefinition::new("item_history");

/// An item's content as authors edit it: the fields of an item file they write (as written,
/// e.g. references as text, the key as a letter). Parameters, status and dates are not here:
/// calibration and the workflow set those.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemContent {
    pub topic: String,
    pub stem: String,
    pub options: Vec<String>,
    /// The letter of the right option: "A", "B", …
    pub key: String,
    pub explanation: String,
    pub references: Vec<String>,
    #[serde(default)]
    pub future_references: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub enemies: Vec<String>,
}

/// What happened to an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemEvent {
    /// The item as it was in its file before its first change in the browser.
    Imported {
        content: ItemContent,
    },
    /// A draft of the item, based on the content stored at sequence number `base` (0: none).
    Saved {
        content: ItemContent,
        base: u32,
        /// Why, in the author's words (or "gjenopprettet fra versjon N").
        note: String,
    },
    /// The latest draft is ready for review by a second author.
    Submitted,
    /// The reviewed draft was sent back to its author.
    Returned {
        comment: String,
    },
    /// A second author approved the draft saved at `revision`; it was written to the file.
    Approved {
        revision: u32,
    },
    Comment {
        text: String,
    },
    Retired {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemEventRecord {
    pub item_id: String,
    /// 1-based, per item; assigned by [`Store::append_item_events`].
    pub seq: u32,
    pub at: jiff::Timestamp,
    pub user_id: u64,
    pub user_name: String,
    pub event: ItemEvent,
}

impl ItemEventRecord {
    /// The content this event stores, if any.
    pub fn content(&self) -> Option<&ItemContent> {
        match &self.event {
            ItemEvent::Imported { content } | ItemEvent::Saved { content, .. } => Some(content),
            _ => None,
        }
    }
}

/// Why [`Store::append_item_events`] stored nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum AppendOutcome {
    Stored(Vec<ItemEventRecord>),
    /// The item's latest content is at `latest`, not at the base the change was made on.
    Stale {
        latest: u32,
    },
}

impl Store {
    /// Append `events` (their `seq` is assigned here) to the history of `item_id`, in one
    /// durable transaction. With `base`, only if the item's latest stored content (an
    /// `Imported` or `Saved` event) is at sequence number `base` (0: no content stored yet).
    pub fn append_item_events(
        &self,
        item_id: &str,
        base: Option<u32>,
        events: Vec<ItemEventRecord>,
    ) -> Result<AppendOutcome, StoreError> {
        self.write(|txn| {
            let mut table = txn.open_table(ITEM_HISTORY)?;
            let mut last = 0;
            let mut latest_content = 0;
            for entry in table.range((item_id, 0)..=(item_id, u32::MAX))? {
                let (key, value) = entry?;
                last = key.value().1;
                let record: ItemEventRecord = decode("item history", value.value())?;
                if record.content().is_some() {
                    latest_content = record.seq;
                }
            }
            if let Some(base) = base
                && base != latest_content
            {
                return Ok(AppendOutcome::Stale {
                    latest: latest_content,
                });
            }
            let mut stored = Vec::new();
            for (i, event) in events.into_iter().enumerate() {
                let record = ItemEventRecord {
                    item_id: item_id.to_string(),
                    seq: last + 1 + i as u32,
                    ..event
                };
                table.insert((item_id, record.seq), encode(&record).as_slice())?;
                stored.push(record);
            }
            Ok(AppendOutcome::Stored(stored))
        })
    }

    /// The history of one item, oldest first.
    pub fn item_history(&self, item_id: &str) -> Result<Vec<ItemEventRecord>, StoreError> {
        self.read(|txn| {
            let table = match txn.open_table(ITEM_HISTORY) {
                Ok(table) => table,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            };
            let mut out = Vec::new();
            for entry in table.range((item_id, 0)..=(item_id, u32::MAX))? {
                let (_, value) = entry?;
                out.push(decode("item history", value.value())?);
            }
            Ok(out)
        })
    }

    /// Every item's history, by item id, oldest event first.
    pub fn item_histories(
        &self,
    ) -> Result<std::collections::BTreeMap<String, Vec<ItemEventRecord>>, StoreError> {
        self.read(|txn| {
            let mut out: std::collections::BTreeMap<String, Vec<ItemEventRecord>> =
                Default::default();
            let table = match txn.open_table(ITEM_HISTORY) {
                Ok(table) => table,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(out),
                Err(e) => return Err(e.into()),
            };
            for entry in table.iter()? {
                let (_, value) = entry?;
                let record: ItemEventRecord = decode("item history", value.value())?;
                out.entry(record.item_id.clone()).or_default().push(record);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(event: ItemEvent) -> ItemEventRecord {
        ItemEventRecord {
            item_id: String::new(),
            seq: 0,
            at: jiff::Timestamp::UNIX_EPOCH,
            user_id: 1,
            user_name: "A".into(),
            event,
        }
    }

    fn saved(stem: &str, base: u32) -> ItemEventRecord {
        event(ItemEvent::Saved {
            content: ItemContent {
                stem: stem.into(),
                ..ItemContent::default()
            },
            base,
            note: String::new(),
        })
    }

    #[test]
    fn history_is_numbered_per_item_and_a_stale_base_is_refused() {
        let store = Store::open_with_backend(redb::backends::InMemoryBackend::new).unwrap();
        assert!(store.item_history("x-1").unwrap().is_empty());
        let first = store
            .append_item_events("x-1", Some(0), vec![saved("a", 0)])
            .unwrap();
        assert!(
            matches!(&first, AppendOutcome::Stored(r) if r[0].seq == 1 && r[0].item_id == "x-1")
        );
        store
            .append_item_events("y-1", Some(0), vec![saved("other", 0)])
            .unwrap();
        // A second save on the same base loses: nothing is stored.
        assert_eq!(
            store
                .append_item_events("x-1", Some(0), vec![saved("b", 0)])
                .unwrap(),
            AppendOutcome::Stale { latest: 1 }
        );
        // Events without content do not move the base.
        store
            .append_item_events("x-1", None, vec![event(ItemEvent::Submitted)])
            .unwrap();
        store
            .append_item_events("x-1", Some(1), vec![saved("c", 1)])
            .unwrap();
        let history = store.item_history("x-1").unwrap();
        let seqs: Vec<u32> = history.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(history[2].content().unwrap().stem, "c");
        let all = store.item_histories().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all["y-1"].len(), 1);
    }
}

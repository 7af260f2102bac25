//! Writing and reviewing items in the browser: drafts, four eyes, history, conflicts, publishing.
//!
//! The item files stay the source of truth for what caseworkers get: a change is kept in the
//! item's history in redb ([`crate::store::ItemEvent`]) as a draft until a second author approves
//! it; only then is it written to the file (through [`bank::writeback`], so layout, comments and
//! keys it does not edit, such as an `[nn]` translation, are kept) and the live engine replaced
//! ([`crate::app::LiveEngine`]): new tests get the item, tests in progress keep theirs.
//!
//! Rules, each refused with a reason:
//! - only authors (and admins) write, review and publish;
//! - a draft is checked by the bank's own validation (`bank check`, on a temporary copy of the
//!   bank with the change applied as it would be published); a change that adds an error is not
//!   stored, and each message is put at its field;
//! - a save names the version it was based on; if another author saved in between, nothing is
//!   stored and the author gets the other's changes next to their own ([`SaveOutcome::Conflict`]);
//! - a draft is approved only when submitted for review, at the version reviewed, and never by
//!   an author who wrote any part of it (four eyes).

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use super::Authoring;
use crate::app::{Principal, Refusal, ServiceError};
use crate::bank::writeback::{self, Edit, ItemText, NewItem};
use crate::bank::{self, ItemBank, ItemId, Problem, Severity, Status};
use crate::store::{AppendOutcome, ItemContent, ItemEvent, ItemEventRecord, Role, TestId};
use crate::text::Form;

/// Where an item's open change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeState {
    Draft,
    InReview,
}

/// A draft not yet published.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenChange {
    /// The sequence number of the draft's latest save.
    pub revision: u32,
    pub content: ItemContent,
    pub state: ChangeState,
    /// Everyone who saved part of the change (none of them may approve it).
    pub authors: Vec<(u64, String)>,
    pub last_by: String,
    pub last_at: jiff::Timestamp,
}

/// An item as authors work on it.
#[derive(Debug, Clone)]
pub struct ItemWork {
    pub id: ItemId,
    /// The content in the item file, if the item is in the bank.
    pub published: Option<ItemContent>,
    pub status: Option<Status>,
    pub history: Vec<ItemEventRecord>,
    pub open: Option<OpenChange>,
    /// The sequence number a new save is based on.
    pub base: u32,
}

impl ItemWork {
    /// What the edit form starts from: the open draft, else the file.
    pub fn current(&self) -> Option<&ItemContent> {
        self.open
            .as_ref()
            .map(|o| &o.content)
            .or(self.published.as_ref())
    }
}

/// A bank check message for one field of the form (`None`: the item or the bank as a whole).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMessage {
    pub field: Option<&'static str>,
    pub severity: Severity,
    /// In English, as `bank check` prints it.
    pub message: String,
    /// The problem behind `message`, phrased in every language (`None`: a check of the bank as a
    /// whole that has only its English sentence).
    pub problem: Option<Problem>,
    /// `file:line` when the message is about another file than the item's.
    pub place: Option<String>,
}

impl FieldMessage {
    /// The message as a reader of `form` is told it.
    pub fn message_in(&self, form: Form) -> String {
        let text = self
            .problem
            .as_ref()
            .map_or_else(|| self.message.clone(), |p| p.message(form));
        match &self.place {
            Some(place) => format!("{place}: {text}"),
            None => text,
        }
    }
}

/// What a save did.
#[derive(Debug, Clone)]
pub enum SaveOutcome {
    Saved {
        id: ItemId,
        revision: u32,
    },
    /// The change would break the bank: nothing was stored.
    Invalid(Vec<FieldMessage>),
    /// Another author saved since the version the change was based on: nothing was stored.
    Conflict(Box<Conflict>),
}

/// A save on a stale base: what the other author changed.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The content the change was based on, and the other author's, now latest.
    pub base: ItemContent,
    pub theirs: ItemContent,
    /// The sequence number of the other's save: the base for saving again.
    pub latest: u32,
    pub by: String,
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// The fields of two versions that differ, in form order, lists one entry per line.
pub fn diff(old: &ItemContent, new: &ItemContent) -> Vec<FieldChange> {
    let fields: [(&'static str, String, String); 9] = [
        ("tema", old.topic.clone(), new.topic.clone()),
        ("spørsmål", old.stem.clone(), new.stem.clone()),
        ("svaralternativer", lines(&old.options), lines(&new.options)),
        ("riktig svar", old.key.clone(), new.key.clone()),
        (
            "forklaring",
            old.explanation.clone(),
            new.explanation.clone(),
        ),
        ("hjemler", lines(&old.references), lines(&new.references)),
        (
            "fremtidige hjemler",
            lines(&old.future_references),
            lines(&new.future_references),
        ),
        ("emneord", lines(&old.tags), lines(&new.tags)),
        ("fiender", lines(&old.enemies), lines(&new.enemies)),
    ];
    fields
        .into_iter()
        .filter(|(_, o, n)| o != n)
        .map(|(field, old, new)| FieldChange { field, old, new })
        .collect()
}

fn lines(values: &[String]) -> String {
    values.join("\n")
}

/// Content as typed into a form: line endings normalised, texts trimmed, empty lines dropped.
pub fn tidy(content: ItemContent) -> ItemContent {
    let text = |s: String| s.replace("\r\n", "\n").trim().to_string();
    let list = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .flat_map(|s| {
                s.replace("\r\n", "\n")
                    .lines()
                    .map(|l| l.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|s| !s.is_empty())
            .collect()
    };
    ItemContent {
        topic: text(content.topic),
        stem: text(content.stem),
        options: list(content.options),
        key: text(content.key).to_uppercase(),
        explanation: text(content.explanation),
        references: list(content.references),
        future_references: list(content.future_references),
        tags: list(content.tags),
        enemies: list(content.enemies),
    }
}

fn to_text(c: &ItemContent) -> ItemText {
    ItemText {
        topic: c.topic.clone(),
        stem: c.stem.clone(),
        options: c.options.clone(),
        key: c.key.clone(),
        explanation: c.explanation.clone(),
        references: c.references.clone(),
        future_references: c.future_references.clone(),
        tags: c.tags.clone(),
        enemies: c.enemies.clone(),
    }
}

fn from_text(t: ItemText) -> ItemContent {
    ItemContent {
        topic: t.topic,
        stem: t.stem,
        options: t.options,
        key: t.key,
        explanation: t.explanation,
        references: t.references,
        future_references: t.future_references,
        tags: t.tags,
        enemies: t.enemies,
    }
}

/// The open change in a history: the latest save not yet approved.
pub fn open_change(history: &[ItemEventRecord]) -> Option<OpenChange> {
    let mut open: Option<OpenChange> = None;
    for r in history {
        match &r.event {
            ItemEvent::Saved { content, .. } => {
                let mut authors = open.take().map(|o| o.authors).unwrap_or_default();
                if !authors.iter().any(|(id, _)| *id == r.user_id) {
                    authors.push((r.user_id, r.user_name.clone()));
                }
                open = Some(OpenChange {
                    revision: r.seq,
                    content: content.clone(),
                    state: ChangeState::Draft,
                    authors,
                    last_by: r.user_name.clone(),
                    last_at: r.at,
                });
            }
            ItemEvent::Submitted => {
                if let Some(o) = &mut open {
                    o.state = ChangeState::InReview;
                }
            }
            ItemEvent::Returned { .. } => {
                if let Some(o) = &mut open {
                    o.state = ChangeState::Draft;
                }
            }
            ItemEvent::Approved { .. } => open = None,
            ItemEvent::Imported { .. } | ItemEvent::Comment { .. } | ItemEvent::Retired { .. } => {}
        }
    }
    open
}

/// The content stored at sequence number `seq` of a history.
fn content_at(history: &[ItemEventRecord], seq: u32) -> Option<&ItemContent> {
    history
        .iter()
        .find(|r| r.seq == seq)
        .and_then(ItemEventRecord::content)
}

fn latest_content_seq(history: &[ItemEventRecord]) -> u32 {
    history
        .iter()
        .filter(|r| r.content().is_some())
        .map(|r| r.seq)
        .max()
        .unwrap_or(0)
}

impl Authoring {
    fn event(principal: &Principal, event: ItemEvent) -> ItemEventRecord {
        ItemEventRecord {
            item_id: String::new(),
            seq: 0,
            at: jiff::Timestamp::now(),
            user_id: principal.user.id,
            user_name: principal.user.name.clone(),
            event,
        }
    }

    /// The bank on disk, refusing to write when its files have errors.
    pub(super) fn writable_bank(&self, today: Date) -> Result<ItemBank, ServiceError> {
        let (bank, errors) = self.bank_on_disk(today);
        if !errors.is_empty() {
            return Err(Refusal::BankHasErrors { errors }.into());
        }
        Ok(bank)
    }

    /// An item with its file content, history and open change. `NotFound` if it is neither in
    /// the bank nor has a history.
    pub fn item_work(
        &self,
        principal: &Principal,
        id: &ItemId,
        today: Date,
    ) -> Result<ItemWork, ServiceError> {
        principal.require(Role::Author)?;
        let (bank, _) = self.bank_on_disk(today);
        self.work_in(&bank, id)
    }

    fn work_in(&self, bank: &ItemBank, id: &ItemId) -> Result<ItemWork, ServiceError> {
        let history = self.store.item_history(id.as_str())?;
        let item = bank.item(id);
        if item.is_none() && history.is_empty() {
            return Err(ServiceError::NotFound);
        }
        let published = match item {
            Some(item) => Some(read_file(&item.path)?),
            None => None,
        };
        Ok(ItemWork {
            id: id.clone(),
            published,
            status: item.map(|i| i.status),
            open: open_change(&history),
            base: latest_content_seq(&history),
            history,
        })
    }

    /// Every item with an open change, with its history, by id.
    pub fn open_changes(
        &self,
        principal: &Principal,
    ) -> Result<Vec<(String, OpenChange)>, ServiceError> {
        principal.require(Role::Author)?;
        Ok(self
            .store
            .item_histories()?
            .into_iter()
            .filter_map(|(id, history)| open_change(&history).map(|o| (id, o)))
            .collect())
    }

    /// A free id for a new item in `topic`: the prefix its items use (or the topic id) and the
    /// next number, skipping ids reserved by drafts.
    pub fn new_item_id(&self, topic: &str, today: Date) -> Result<ItemId, ServiceError> {
        let (bank, _) = self.bank_on_disk(today);
        let t = bank
            .topic_index(topic)
            .ok_or_else(|| Refusal::UnknownTopic {
                topic: topic.to_string(),
            })?;
        let mut prefixes: BTreeMap<&str, usize> = BTreeMap::new();
        for item in bank.items.iter().filter(|i| i.topic == t) {
            if let Some((prefix, _)) = item.id.as_str().rsplit_once('-') {
                *prefixes.entry(prefix).or_default() += 1;
            }
        }
        let prefix = prefixes
            .into_iter()
            .max_by_key(|&(_, n)| n)
            .map_or(topic.to_string(), |(p, _)| p.to_string());
        let drafts = self.store.item_histories()?;
        let taken = |id: &str| bank.item(id).is_some() || drafts.contains_key(id);
        let mut n = 1;
        loop {
            let id = format!("{prefix}-{n:03}");
            if !taken(&id) {
                // The prefix comes from the ids of the topic's items (well formed) or is the
                // topic's id, which the bank does not check as an item id.
                return ItemId::parse(&id).map_err(|_| Refusal::BadItemId { id }.into());
            }
            n += 1;
        }
    }

    /// Check `content` for item `id` as it would be published (status active, or pretest if it
    /// is pretest now) with the bank's own validation. Messages for this item's file are put at
    /// their fields; errors elsewhere that the bank on disk has too are left out.
    pub fn check_item(
        &self,
        principal: &Principal,
        id: &ItemId,
        content: &ItemContent,
        today: Date,
    ) -> Result<Vec<FieldMessage>, ServiceError> {
        principal.require(Role::Author)?;
        let bank = self.writable_bank(today)?;
        let (path, text) = self.candidate(&bank, id, content, &principal.user.name, today)?;
        let loaded = writeback::check(&bank.dir, &[(path.clone(), text.clone())], &[], today)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let before = bank::load(&bank.dir, today);
        let known: std::collections::HashSet<String> =
            before.diagnostics.iter().map(|d| d.to_string()).collect();
        // An item people have answered keeps its topic: the reports place each stored answer by
        // its item's topic now, so a move would shift published cells by the few people who had
        // the item (a difference HR could subtract), and its parameters belong to the topic.
        let moved = bank
            .item(id)
            .and_then(|item| bank.topics.get(item.topic))
            .is_some_and(|topic| topic.id != content.topic.trim());
        let moved_answered = moved && self.store.all_responses()?.iter().any(|r| r.item_id == *id);
        let topic_kept = moved_answered.then(|| FieldMessage {
            field: Some("topic"),
            severity: Severity::Error,
            message: Problem::AnsweredKeepsTopic.to_string(),
            problem: Some(Problem::AnsweredKeepsTopic),
            place: None,
        });
        Ok(topic_kept
            .into_iter()
            .chain(
                loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.path == path || !known.contains(&d.to_string()))
                    .map(|d| FieldMessage {
                        field: (d.path == path)
                            .then(|| writeback::field_at_line(&text, d.line))
                            .flatten(),
                        severity: d.severity,
                        message: d.message.clone(),
                        problem: d.problem.clone(),
                        place: (d.path != path).then(|| format!("{}:{}", d.path.display(), d.line)),
                    }),
            )
            .collect())
    }

    /// The file `id` would be published as: its path and text.
    fn candidate(
        &self,
        bank: &ItemBank,
        id: &ItemId,
        content: &ItemContent,
        author: &str,
        today: Date,
    ) -> Result<(PathBuf, String), ServiceError> {
        let content = to_text(content);
        match bank.item(id) {
            Some(item) => {
                let text = std::fs::read_to_string(&item.path)
                    .map_err(|e| ServiceError::Internal(format!("{}: {e}", item.path.display())))?;
                let status = publish_status(item.status);
                let mut edited = text;
                for edit in [
                    Edit::Content(Box::new(content)),
                    Edit::Status(status),
                    Edit::Reviewed(today),
                ] {
                    // The file loaded with the bank, so an edit cannot fail on its shape.
                    edited = writeback::edit_item(&edited, &edit).map_err(|e| {
                        ServiceError::Internal(format!("{}: {e}", item.path.display()))
                    })?;
                }
                Ok((item.path.clone(), edited))
            }
            None => {
                if !id.suits_new_file() {
                    return Err(Refusal::BadItemId { id: id.to_string() }.into());
                }
                let folder = if bank.topic_index(&content.topic).is_some() {
                    content.topic.clone()
                } else {
                    "nye".to_string()
                };
                let path = bank
                    .dir
                    .join("items")
                    .join(folder)
                    .join(format!("{id}.toml"));
                let new = NewItem {
                    id: id.to_string(),
                    status: Status::Active,
                    author: author.to_string(),
                    reviewed: today,
                };
                Ok((path, writeback::new_item_text(&new, &content)))
            }
        }
    }

    /// Save a draft of item `id` (new or in the bank), based on the version at sequence number
    /// `base` (0 for an item without history).
    pub fn save_draft(
        &self,
        principal: &Principal,
        id: &ItemId,
        content: ItemContent,
        base: u32,
        note: &str,
        today: Date,
    ) -> Result<SaveOutcome, ServiceError> {
        principal.require(Role::Author)?;
        let content = tidy(content);
        let bank = self.writable_bank(today)?;
        let history = self.store.item_history(id.as_str())?;
        let latest = latest_content_seq(&history);
        if latest != base {
            return self.conflict(&bank, id, &history, base, latest);
        }
        let messages = self.check_item(principal, id, &content, today)?;
        if messages.iter().any(|m| m.severity == Severity::Error) {
            return Ok(SaveOutcome::Invalid(messages));
        }
        let mut events = Vec::new();
        if history.is_empty()
            && let Some(item) = bank.item(id)
        {
            events.push(Self::event(
                principal,
                ItemEvent::Imported {
                    content: read_file(&item.path)?,
                },
            ));
        }
        events.push(Self::event(
            principal,
            ItemEvent::Saved {
                content,
                base,
                note: note.trim().to_string(),
            },
        ));
        match self
            .store
            .append_item_events(id.as_str(), Some(base), events)?
        {
            AppendOutcome::Stored(stored) => Ok(SaveOutcome::Saved {
                id: id.clone(),
                revision: stored.last().map_or(0, |r| r.seq),
            }),
            AppendOutcome::Stale { latest } => {
                let history = self.store.item_history(id.as_str())?;
                self.conflict(&bank, id, &history, base, latest)
            }
        }
    }

    fn conflict(
        &self,
        bank: &ItemBank,
        id: &ItemId,
        history: &[ItemEventRecord],
        base: u32,
        latest: u32,
    ) -> Result<SaveOutcome, ServiceError> {
        let file = match bank.item(id) {
            Some(item) => Some(read_file(&item.path)?),
            None => None,
        };
        let imported = history.iter().find_map(|r| match &r.event {
            ItemEvent::Imported { content } => Some(content.clone()),
            _ => None,
        });
        let base_content = content_at(history, base)
            .cloned()
            .or(imported)
            .or(file)
            .unwrap_or_default();
        let theirs = content_at(history, latest).cloned().unwrap_or_default();
        let by = history
            .iter()
            .find(|r| r.seq == latest)
            .map(|r| r.user_name.clone())
            .unwrap_or_default();
        Ok(SaveOutcome::Conflict(Box::new(Conflict {
            base: base_content,
            theirs,
            latest,
            by,
        })))
    }

    /// Restore the content stored at sequence number `seq` as a new draft.
    pub fn restore(
        &self,
        principal: &Principal,
        id: &ItemId,
        seq: u32,
        base: u32,
        today: Date,
    ) -> Result<SaveOutcome, ServiceError> {
        principal.require(Role::Author)?;
        let history = self.store.item_history(id.as_str())?;
        let content = content_at(&history, seq)
            .cloned()
            .ok_or(ServiceError::NotFound)?;
        self.save_draft(
            principal,
            id,
            content,
            base,
            &format!("gjenopprettet fra versjon {seq}"),
            today,
        )
    }

    /// The open change at `revision`, or why not.
    fn open_at(&self, id: &ItemId, revision: u32) -> Result<OpenChange, ServiceError> {
        let open =
            open_change(&self.store.item_history(id.as_str())?).ok_or(Refusal::NoOpenChange)?;
        if open.revision != revision {
            return Err(Refusal::DraftChanged { by: open.last_by }.into());
        }
        Ok(open)
    }

    /// Mark the draft at `revision` ready for review.
    pub fn submit(
        &self,
        principal: &Principal,
        id: &ItemId,
        revision: u32,
    ) -> Result<(), ServiceError> {
        principal.require(Role::Author)?;
        let open = self.open_at(id, revision)?;
        if open.state == ChangeState::InReview {
            return Ok(());
        }
        self.append(id, principal, ItemEvent::Submitted)
    }

    /// Send the draft in review back to its authors with a comment.
    pub fn return_draft(
        &self,
        principal: &Principal,
        id: &ItemId,
        revision: u32,
        comment: &str,
    ) -> Result<(), ServiceError> {
        principal.require(Role::Author)?;
        let open = self.open_at(id, revision)?;
        if open.state != ChangeState::InReview {
            return Err(Refusal::NotInReview.into());
        }
        self.append(
            id,
            principal,
            ItemEvent::Returned {
                comment: comment.trim().to_string(),
            },
        )
    }

    /// A review comment on an item.
    pub fn comment(
        &self,
        principal: &Principal,
        id: &ItemId,
        text: &str,
    ) -> Result<(), ServiceError> {
        principal.require(Role::Author)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(Refusal::EmptyComment.into());
        }
        self.store.item_history(id.as_str())?;
        self.append(
            id,
            principal,
            ItemEvent::Comment {
                text: text.to_string(),
            },
        )
    }

    fn append(
        &self,
        id: &ItemId,
        principal: &Principal,
        event: ItemEvent,
    ) -> Result<(), ServiceError> {
        self.store
            .append_item_events(id.as_str(), None, vec![Self::event(principal, event)])?;
        Ok(())
    }

    /// Approve the draft at `revision` (four eyes: not by anyone who wrote part of it), write it
    /// to the item file and let new tests use it. Returns the item's status in the file.
    pub fn approve(
        &self,
        principal: &Principal,
        id: &ItemId,
        revision: u32,
        today: Date,
    ) -> Result<Status, ServiceError> {
        principal.require(Role::Author)?;
        let open = self.open_at(id, revision)?;
        if open.authors.iter().any(|(u, _)| *u == principal.user.id) {
            return Err(Refusal::OwnChange.into());
        }
        if open.state != ChangeState::InReview {
            return Err(Refusal::NotSubmitted.into());
        }
        let bank = self.writable_bank(today)?;
        let author = open.authors.first().map_or("", |(_, name)| name.as_str());
        let (status, reloaded) = match bank.item(id) {
            Some(item) => {
                let status = publish_status(item.status);
                let edits = vec![
                    (
                        item.path.clone(),
                        Edit::Content(Box::new(to_text(&open.content))),
                    ),
                    (item.path.clone(), Edit::Status(status)),
                    (item.path.clone(), Edit::Reviewed(today)),
                ];
                (status, writeback::apply(&bank.dir, &edits, today))
            }
            None => {
                let (path, text) = self.candidate(&bank, id, &open.content, author, today)?;
                (
                    Status::Active,
                    writeback::create(&bank.dir, &path, &text, today),
                )
            }
        };
        let reloaded = reloaded.map_err(super::writeback_error)?;
        self.append(id, principal, ItemEvent::Approved { revision })?;
        self.publish(reloaded)?;
        Ok(status)
    }

    /// Retire item `id` (in the file) with a reason, and let new tests stop using it.
    pub fn retire(
        &self,
        principal: &Principal,
        id: &ItemId,
        reason: &str,
        today: Date,
    ) -> Result<(), ServiceError> {
        principal.require(Role::Author)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Refusal::RetireReasonMissing.into());
        }
        let bank = self.writable_bank(today)?;
        let item = bank.item(id).ok_or(ServiceError::NotFound)?;
        if item.status == Status::Retired {
            return Err(Refusal::AlreadyRetired.into());
        }
        let reloaded = writeback::apply(
            &bank.dir,
            &[(item.path.clone(), Edit::Status(Status::Retired))],
            today,
        )
        .map_err(super::writeback_error)?;
        self.append(
            id,
            principal,
            ItemEvent::Retired {
                reason: reason.to_string(),
            },
        )?;
        self.publish(reloaded)
    }

    /// Make `bank` the live engine's: new tests start on it, tests in progress keep theirs.
    fn publish(&self, bank: ItemBank) -> Result<(), ServiceError> {
        let in_progress: Vec<TestId> = self
            .store
            .tests()?
            .into_iter()
            .filter(|t| t.finished.is_none())
            .map(|t| TestId(t.id))
            .collect();
        self.engine.replace(bank, &in_progress);
        Ok(())
    }
}

/// The status a published change gets: pretest stays pretest, anything else becomes active.
fn publish_status(now: Status) -> Status {
    match now {
        Status::Pretest => Status::Pretest,
        _ => Status::Active,
    }
}

fn read_file(path: &std::path::Path) -> Result<ItemContent, ServiceError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ServiceError::Internal(format!("{}: {e}", path.display())))?;
    writeback::read_item_text(&text)
        .map(|(_, t)| from_text(t))
        .map_err(|e| ServiceError::Internal(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: u32, user: u64, event: ItemEvent) -> ItemEventRecord {
        ItemEventRecord {
            item_id: "x".into(),
            seq,
            at: jiff::Timestamp::UNIX_EPOCH,
            user_id: user,
            user_name: format!("u{user}"),
            event,
        }
    }

    fn saved(stem: &str) -> ItemEvent {
        ItemEvent::Saved {
            content: ItemContent {
                stem: stem.into(),
                ..ItemContent::default()
            },
            base: 0,
            note: String::new(),
        }
    }

    #[test]
    fn the_open_change_collects_its_authors_and_ends_when_approved() {
        let mut history = vec![
            record(1, 1, saved("a")),
            record(2, 2, saved("b")),
            record(3, 1, ItemEvent::Submitted),
        ];
        let open = open_change(&history).unwrap();
        assert_eq!(open.revision, 2);
        assert_eq!(open.state, ChangeState::InReview);
        assert_eq!(open.authors, [(1, "u1".into()), (2, "u2".into())]);
        history.push(record(
            4,
            3,
            ItemEvent::Returned {
                comment: "nei".into(),
            },
        ));
        assert_eq!(open_change(&history).unwrap().state, ChangeState::Draft);
        history.push(record(5, 3, ItemEvent::Approved { revision: 2 }));
        assert!(open_change(&history).is_none());
        history.push(record(6, 3, saved("c")));
        assert_eq!(open_change(&history).unwrap().authors, [(3, "u3".into())]);
        assert_eq!(latest_content_seq(&history), 6);
    }

    #[test]
    fn tidy_and_diff_work_field_by_field() {
        let typed = ItemContent {
            stem: "  Hva?\r\n ".into(),
            options: vec!["Ja\r\n\r\nNei\r\n".into()],
            key: " b ".into(),
            ..ItemContent::default()
        };
        let tidied = tidy(typed);
        assert_eq!(tidied.stem, "Hva?");
        assert_eq!(tidied.options, ["Ja", "Nei"]);
        assert_eq!(tidied.key, "B");
        let mut other = tidied.clone();
        other.options.push("Kanskje".into());
        let changes = diff(&tidied, &other);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "svaralternativer");
        assert_eq!(changes[0].new, "Ja\nNei\nKanskje");
        assert!(diff(&tidied, &tidied).is_empty());
    }
}

//! Set-password links: stored under a hash of the token, single use, ending at their expiry, at
//! the next link of the same person, or when the person's password changes.
//!
//! The table is created by the first link (reads treat a missing table as empty), like the
//! outbox: files without links look as before, and a backup copies it when it exists.

use jiff::Timestamp;
use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::people::{end_sessions, get_user};
use super::{PasswordLinkRecord, Store, StoreError, USERS, UserRecord, decode, encode};

/// Hash of the link's token → [`PasswordLinkRecord`].
pub(crate) const PASSWORD_LINKS: TableDefinition<&str, &[u8]> =
    TableDefinition::new("password_links");

/// Links that ended this long ago are removed when a new link is made (the table stays small).
const KEEP_ENDED: jiff::SignedDuration = jiff::SignedDuration::from_hours(30 * 24);

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No such link (mistyped, or removed long after it ended).
    Unknown,
    Expired,
    /// A password was already chosen with it.
    Used,
    /// A newer link was made, or the password was changed since.
    Replaced,
    /// The person has been deactivated.
    Deactivated,
}

/// What [`Store::ensure_password_link`] found or did.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkIssue {
    /// A new link is stored; older ones are revoked and the person's sessions ended.
    Issued(PasswordLinkRecord),
    /// The link was stored before (a message sent again): left as it is.
    Existing(PasswordLinkRecord),
}

impl Store {
    /// Store a new link for its user: every older link of the user is revoked and the user's
    /// sessions end (whoever held the old password or link must not stay in). `None` when
    /// there is no such user.
    pub fn issue_password_link(
        &self,
        token_hash: &str,
        link: &PasswordLinkRecord,
    ) -> Result<Option<PasswordLinkRecord>, StoreError> {
        self.write(|txn| {
            if txn.open_table(USERS)?.get(link.user_id)?.is_none() {
                return Ok(None);
            }
            insert_link(txn, token_hash, link)?;
            Ok(Some(link.clone()))
        })
    }

    /// The link under `token_hash` if stored; else store `link` as [`Store::issue_password_link`]
    /// does. For the mail worker: a message sent again finds its link as it was.
    pub fn ensure_password_link(
        &self,
        token_hash: &str,
        link: &PasswordLinkRecord,
    ) -> Result<Option<LinkIssue>, StoreError> {
        self.write(|txn| {
            let existing = txn
                .open_table(PASSWORD_LINKS)?
                .get(token_hash)?
                .map(|v| decode::<PasswordLinkRecord>("password link", v.value()))
                .transpose()?;
            if let Some(existing) = existing {
                return Ok(Some(LinkIssue::Existing(existing)));
            }
            if txn.open_table(USERS)?.get(link.user_id)?.is_none() {
                return Ok(None);
            }
            insert_link(txn, token_hash, link)?;
            Ok(Some(LinkIssue::Issued(link.clone())))
        })
    }

    /// The link under `token_hash` and whether it can be used now (with its user).
    pub fn password_link(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Result<(PasswordLinkRecord, UserRecord), LinkRefusal>, StoreError> {
        self.read(|txn| {
            let link = match txn.open_table(PASSWORD_LINKS) {
                Ok(table) => table
                    .get(token_hash)?
                    .map(|v| decode::<PasswordLinkRecord>("password link", v.value()))
                    .transpose()?,
                Err(redb::TableError::TableDoesNotExist(_)) => None,
                Err(e) => return Err(e.into()),
            };
            let Some(link) = link else {
                return Ok(Err(LinkRefusal::Unknown));
            };
            let user = txn
                .open_table(USERS)?
                .get(link.user_id)?
                .map(|v| decode::<UserRecord>("user", v.value()))
                .transpose()?;
            let Some(user) = user else {
                return Ok(Err(LinkRefusal::Unknown));
            };
            Ok(usable(&link, &user, now).map(|()| (link, user)))
        })
    }

    /// Set the password with the link under `token_hash`, if it can be used now: in one
    /// transaction the password is replaced, the link marked used, every other link of the
    /// user revoked and the user's sessions ended.
    pub fn redeem_password_link(
        &self,
        token_hash: &str,
        password_hash: String,
        now: Timestamp,
    ) -> Result<Result<UserRecord, LinkRefusal>, StoreError> {
        self.write(|txn| {
            let link = txn
                .open_table(PASSWORD_LINKS)?
                .get(token_hash)?
                .map(|v| decode::<PasswordLinkRecord>("password link", v.value()))
                .transpose()?;
            let Some(mut link) = link else {
                return Ok(Err(LinkRefusal::Unknown));
            };
            let mut user = get_user(txn, link.user_id)?;
            if let Err(refusal) = usable(&link, &user, now) {
                return Ok(Err(refusal));
            }
            user.password_hash = Some(password_hash);
            txn.open_table(USERS)?
                .insert(user.id, encode(&user).as_slice())?;
            end_sessions(txn, user.id)?;
            revoke_links(txn, user.id, now)?;
            link.used_at = Some(now);
            txn.open_table(PASSWORD_LINKS)?
                .insert(token_hash, encode(&link).as_slice())?;
            Ok(Ok(user))
        })
    }
}

/// Whether `link` can be used at `now` by `user`.
fn usable(link: &PasswordLinkRecord, user: &UserRecord, now: Timestamp) -> Result<(), LinkRefusal> {
    if link.used_at.is_some() {
        Err(LinkRefusal::Used)
    } else if link.revoked_at.is_some() {
        Err(LinkRefusal::Replaced)
    } else if link.expires_at <= now {
        Err(LinkRefusal::Expired)
    } else if !user.is_active() {
        Err(LinkRefusal::Deactivated)
    } else {
        Ok(())
    }
}

/// Revoke the user's older links, end their sessions, prune long-ended links, insert `link`.
fn insert_link(
    txn: &WriteTransaction,
    token_hash: &str,
    link: &PasswordLinkRecord,
) -> Result<(), StoreError> {
    revoke_links(txn, link.user_id, link.created_at)?;
    end_sessions(txn, link.user_id)?;
    let mut table = txn.open_table(PASSWORD_LINKS)?;
    let cutoff = link.created_at - KEEP_ENDED;
    table.retain(|_, value| {
        serde_json::from_slice::<PasswordLinkRecord>(value).map_or(true, |l| {
            let ended = l.used_at.or(l.revoked_at).unwrap_or(l.expires_at);
            ended > cutoff
        })
    })?;
    table.insert(token_hash, encode(link).as_slice())?;
    Ok(())
}

/// Revoke every link of user `id` that is neither used nor revoked (in the caller's
/// transaction). A no-op when there is no link table yet.
pub(super) fn revoke_links(
    txn: &WriteTransaction,
    id: u64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let exists = txn
        .list_tables()?
        .any(|t| redb::TableHandle::name(&t) == "password_links");
    if !exists {
        return Ok(());
    }
    let mut table = txn.open_table(PASSWORD_LINKS)?;
    let mut revoked = Vec::new();
    for entry in table.iter()? {
        let (key, value) = entry?;
        let link: PasswordLinkRecord = decode("password link", value.value())?;
        if link.user_id == id && link.used_at.is_none() && link.revoked_at.is_none() {
            revoked.push((key.value().to_string(), link));
        }
    }
    for (key, mut link) in revoked {
        link.revoked_at = Some(now);
        table.insert(key.as_str(), encode(&link).as_slice())?;
    }
    Ok(())
}

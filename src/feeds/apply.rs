//! What one page of parties, or one list of deletions, does to the label: in one transaction,
//! fenced by the feed's lease, through the same contact writes (and SQL rules) as the side panel.

use deadpool_postgres::GenericClient;
use serde_json::Value;
use uuid::Uuid;

use super::FeedError;
use crate::capsule::party::{self, Party};
use crate::domain::contact::{ContactData, Via};
use crate::domain::feed::{self, Skip};
use crate::domain::principal::Principal;
use crate::storage::contacts::{self, Updated};
use crate::storage::feeds::{self, Feed, PartyRecord};

/// What a page did, for the run's log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// Contacts added (or brought back).
    pub added: u32,
    /// Contacts changed.
    pub changed: u32,
    /// Contacts removed.
    pub removed: u32,
    /// Parties not taken.
    pub skipped: u32,
    /// Parties that could not be identified.
    pub unreadable: i32,
}

/// The connector, as the contact writes authorise them.
pub fn connector(feed: &Feed) -> Principal {
    Principal {
        user_id: feed.connected_by,
        email: feed.connector_email.clone(),
        domain: None,
        groups: Vec::new(),
    }
}

/// Applies one page of parties. The caller fenced the lease in `tx`.
pub async fn parties(
    tx: &impl GenericClient,
    feed: &Feed,
    raw: &[Value],
) -> Result<(Applied, Option<String>), FeedError> {
    let who = connector(feed);
    let mut applied = Applied::default();
    let mut unreadable_reason = None;
    let mut read = Vec::with_capacity(raw.len());
    for value in raw {
        match party::read_party(value, &feed.account_url) {
            Ok(p) => read.push(p),
            Err(party::Unreadable(why)) => {
                applied.unreadable += 1;
                unreadable_reason = Some(why);
            }
        }
    }
    let ids: Vec<i64> = read.iter().map(|p| p.id).collect();
    let mut known = feeds::parties(tx, feed.label_id, &ids).await?;
    for p in read {
        let record = known.remove(&p.id);
        one(tx, feed, &who, p, record, &mut applied).await?;
    }
    Ok((applied, unreadable_reason))
}

async fn one(
    tx: &impl GenericClient,
    feed: &Feed,
    who: &Principal,
    p: Party,
    record: Option<PartyRecord>,
    applied: &mut Applied,
) -> Result<(), FeedError> {
    let label = feed.label_id;
    let contact = record.as_ref().and_then(|r| r.contact_id);
    let was_taken = record.as_ref().is_some_and(|r| r.status == "taken");
    match p.outcome {
        Ok(data) if feed::chosen(&p.tags, feed.tags.as_deref()) => {
            let base = record.as_ref().and_then(|r| r.sent.clone());
            let id = take(
                tx,
                label,
                who,
                contact,
                was_taken,
                base.as_ref(),
                &data,
                applied,
            )
            .await?;
            feeds::save_party(
                tx,
                label,
                p.id,
                Some(id),
                Some(&data),
                &p.name,
                "taken",
                None,
            )
            .await?;
        }
        Ok(data) => {
            if was_taken {
                remove(tx, who, contact, applied).await?;
            }
            feeds::save_party(
                tx,
                label,
                p.id,
                contact,
                Some(&data),
                &p.name,
                "filtered",
                Some("outside the chosen tags"),
            )
            .await?;
        }
        Err(skip) => {
            let (status, reason) = if was_taken {
                remove(tx, who, contact, applied).await?;
                let why = match &skip {
                    Skip::NoDetails => "lost its last email, phone and address".to_owned(),
                    other => other.reason(),
                };
                ("removed", why)
            } else {
                applied.skipped += 1;
                ("skipped", skip.reason())
            };
            let sent = record.and_then(|r| r.sent);
            feeds::save_party(
                tx,
                label,
                p.id,
                contact,
                sent.as_ref(),
                &p.name,
                status,
                Some(&reason),
            )
            .await?;
        }
    }
    Ok(())
}

/// Puts the party's data into the label: a new contact, the old one brought back, or the CRM's
/// changes applied over what members edited. Returns the contact's id.
#[allow(clippy::too_many_arguments)]
async fn take(
    tx: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    contact: Option<Uuid>,
    was_taken: bool,
    base: Option<&ContactData>,
    data: &ContactData,
    applied: &mut Applied,
) -> Result<Uuid, FeedError> {
    let Some(id) = contact else {
        return insert(tx, label, who, data, applied).await;
    };
    match feeds::contact_live(tx, id).await? {
        // Gone for good (the label was emptied): a new contact.
        None => return insert(tx, label, who, data, applied).await,
        // Removed earlier by the feed (deleted, restricted, untagged, no details) and back now.
        Some(false) if !was_taken => {
            if !contacts::set_deleted(tx, id, who, false, Via::Capsule).await? {
                return Err(FeedError::NotOwner);
            }
            applied.added += 1;
        }
        // A member deleted it: their choice stands until someone restores it; the CRM's data
        // is recorded (below) so a restore starts from it.
        Some(false) => return Ok(id),
        Some(true) => {}
    }
    if base == Some(data) {
        return Ok(id);
    }
    let Some((version, current)) = contacts::lock_for_edit(tx, id, who).await? else {
        return Err(FeedError::NotOwner);
    };
    let empty = ContactData::default();
    let (next, fields) = feed::apply_change(base.unwrap_or(&empty), data, &current);
    if fields.is_empty() {
        return Ok(id);
    }
    match contacts::update_contact(tx, id, who, version, &next, &fields, Via::Capsule).await? {
        Updated::Saved(_) => {
            applied.changed += 1;
            Ok(id)
        }
        // The row is locked above: neither can happen inside this transaction.
        Updated::Stale | Updated::NotFound => Err(FeedError::NotOwner),
    }
}

async fn insert(
    tx: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    data: &ContactData,
    applied: &mut Applied,
) -> Result<Uuid, FeedError> {
    let id = contacts::insert_contact(tx, label, who, data, Via::Capsule)
        .await?
        .ok_or(FeedError::NotOwner)?;
    applied.added += 1;
    Ok(id)
}

/// Soft-deletes the party's contact (undoable; in history as Capsule's).
async fn remove(
    tx: &impl GenericClient,
    who: &Principal,
    contact: Option<Uuid>,
    applied: &mut Applied,
) -> Result<(), FeedError> {
    if let Some(id) = contact
        && feeds::contact_live(tx, id).await? == Some(true)
    {
        if !contacts::set_deleted(tx, id, who, true, Via::Capsule).await? {
            return Err(FeedError::NotOwner);
        }
        applied.removed += 1;
    }
    Ok(())
}

/// Applies Capsule's deletions and restrictions: each party's contact leaves the label.
pub async fn gone(
    tx: &impl GenericClient,
    feed: &Feed,
    deleted: &[i64],
    restricted: &[i64],
) -> Result<Applied, FeedError> {
    let who = connector(feed);
    let mut applied = Applied::default();
    let all: Vec<i64> = deleted.iter().chain(restricted).copied().collect();
    let known = feeds::parties(tx, feed.label_id, &all).await?;
    for (ids, reason) in [
        (deleted, "deleted in Capsule"),
        (
            restricted,
            "no longer visible to the connected Capsule user",
        ),
    ] {
        for id in ids {
            let Some(record) = known.get(id) else {
                continue;
            };
            if record.status != "taken" {
                continue;
            }
            remove(tx, &who, record.contact_id, &mut applied).await?;
            let name = record
                .sent
                .as_ref()
                .map(|d| d.name.clone())
                .unwrap_or_default();
            feeds::save_party(
                tx,
                feed.label_id,
                *id,
                record.contact_id,
                record.sent.as_ref(),
                &name,
                "removed",
                Some(reason),
            )
            .await?;
        }
    }
    Ok(applied)
}

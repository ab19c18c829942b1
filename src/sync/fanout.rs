//! Fan-out: turns outbox events (what changed) into per-member work (who must be brought in
//! step), expanding group shares through the Directory API and domain shares through known users.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use deadpool_postgres::{GenericClient, Pool};
use uuid::Uuid;

use crate::google::directory::{DirectoryClient, DirectoryError};
use crate::storage::StorageError;
use crate::storage::sync::{self as store, OutboxEvent};

/// Events taken per transaction.
const BATCH: i64 = 500;
/// More contacts of one label changed in one batch than this: sync the label as a whole.
const WHOLE_LABEL_ABOVE: usize = 200;
/// When a Directory lookup fails, the label's events are tried again after this many seconds.
const RETRY_SECONDS: f64 = 30.0;

/// Why fan-out stopped.
#[derive(Debug, thiserror::Error)]
pub enum FanOutError {
    /// The database failed; nothing was committed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// No connection.
    #[error("no database connection")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// Driver error on begin/commit.
    #[error(transparent)]
    Db(#[from] tokio_postgres::Error),
}

/// Fans one batch of events out; how many events it took (0: the outbox is empty for now).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn run_batch(
    pool: &Pool,
    directory: Option<&DirectoryClient>,
) -> Result<usize, FanOutError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let events = store::claim_outbox(&tx, BATCH).await?;
    let taken = events.len();
    if taken == 0 {
        tx.commit().await?;
        return Ok(0);
    }
    // Per label, the events concerning it, in order; user events become one per label concerning
    // that user.
    let mut by_label: BTreeMap<Uuid, Vec<OutboxEvent>> = BTreeMap::new();
    for event in events {
        match (event.label_id, event.member_id) {
            (Some(label), _) => by_label.entry(label).or_default().push(event),
            (None, Some(user)) => {
                for label in store::labels_concerning(&tx, user).await? {
                    let mut e = event.clone();
                    e.label_id = Some(label);
                    by_label.entry(label).or_default().push(e);
                }
            }
            (None, None) => {}
        }
    }
    // Labels in id order, so two workers lock them in the same order.
    for (label, events) in by_label {
        store::lock_label(&tx, label).await?;
        match members(&tx, label, directory).await {
            Ok(members) => apply(&tx, label, &members, &events).await?,
            Err(Expansion::Storage(e)) => return Err(e.into()),
            Err(Expansion::Directory(e)) => {
                tracing::warn!(%label, error = %e, "group members unavailable; fan-out postponed");
                for event in &events {
                    store::postpone(&tx, event, RETRY_SECONDS).await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(taken)
}

enum Expansion {
    Storage(StorageError),
    Directory(DirectoryError),
}

impl From<StorageError> for Expansion {
    fn from(e: StorageError) -> Self {
        Expansion::Storage(e)
    }
}

/// The label's members to sync now, with the fields hidden from each: the owner, and everyone a
/// share reaches, unless every share reaching them has sync off or they switched it off.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
async fn members(
    client: &impl GenericClient,
    label: Uuid,
    directory: Option<&DirectoryClient>,
) -> Result<BTreeMap<Uuid, Target>, Expansion> {
    let Some((owner, grants)) = store::label_grants(client, label).await? else {
        return Ok(BTreeMap::new());
    };
    // user → (hidden fields, synced by some share, groups it came through)
    let mut reached: HashMap<Uuid, (BTreeSet<String>, bool, BTreeSet<String>)> = HashMap::new();
    for grant in &grants {
        let users = match grant.kind.as_str() {
            "user" => grant.user_id.into_iter().collect(),
            "domain" => store::users_in_domain(client, &grant.grantee).await?,
            "group" => match directory {
                Some(directory) => match directory.group_members(&grant.grantee).await {
                    Ok(emails) => {
                        let emails: Vec<String> = emails.iter().cloned().collect();
                        let domain = grant.grantee.rsplit_once('@').map_or("", |(_, d)| d);
                        store::users_by_email(client, &emails, domain).await?
                    }
                    // Worth waiting for: postpone rather than drop members on a blip.
                    Err(e) if e.is_retryable() => return Err(Expansion::Directory(e)),
                    // Unknown, unreadable or refused: the group reaches nobody, as in the side
                    // panel (which fails closed the same way).
                    Err(e) => {
                        tracing::warn!(group = %grant.grantee, error = %e, "group members unreadable; the group reaches nobody");
                        Vec::new()
                    }
                },
                // Without Directory access no group share reaches anyone (as in the side panel).
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        for user in users {
            let entry = reached.entry(user).or_default();
            entry.0.extend(grant.hidden_fields.iter().cloned());
            entry.1 |= grant.sync_enabled;
            if grant.kind == "group" {
                entry.2.insert(grant.grantee.clone());
            }
        }
    }
    // What the owner hid from a person follows them through any share.
    for (user, fields) in store::person_hidden(client, label).await? {
        if let Some(entry) = reached.get_mut(&user) {
            entry.0.extend(fields);
        }
    }
    // The owner sees everything, whatever shares also reach them.
    reached.insert(owner, (BTreeSet::new(), true, BTreeSet::new()));
    let opted_out: BTreeSet<Uuid> = store::opt_outs(client, label).await?.into_iter().collect();
    Ok(reached
        .into_iter()
        .filter(|(user, (_, synced, _))| *synced && !opted_out.contains(user))
        .map(|(user, (hidden, _, groups))| {
            (
                user,
                Target {
                    hidden: hidden.into_iter().collect(),
                    groups: groups.into_iter().collect(),
                },
            )
        })
        .collect())
}

/// What fan-out found of one member: the fields hidden from them, and the group shares that
/// reach them (so that what they change in Google Contacts is authorised as in the side panel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Hidden fields.
    pub hidden: Vec<String>,
    /// Group addresses through which shares reach them.
    pub groups: Vec<String>,
}

/// Records the new member set and queues work: members who joined, left or whose hidden fields
/// changed get the whole label; the others get what the events name.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
async fn apply(
    client: &impl GenericClient,
    label: Uuid,
    members: &BTreeMap<Uuid, Target>,
    events: &[OutboxEvent],
) -> Result<(), StorageError> {
    let before: BTreeMap<Uuid, Vec<String>> =
        store::targets(client, label).await?.into_iter().collect();
    let changed: Vec<Uuid> = before
        .iter()
        .filter(|(user, hidden)| members.get(*user).map(|t| &t.hidden) != Some(*hidden))
        .map(|(user, _)| *user)
        .chain(members.keys().filter(|u| !before.contains_key(*u)).copied())
        .collect();
    let list: Vec<(Uuid, Vec<String>, Vec<String>)> = members
        .iter()
        .map(|(u, t)| (*u, t.hidden.clone(), t.groups.clone()))
        .collect();
    store::set_targets(client, label, &list).await?;
    let oldest = events.iter().map(|e| e.created_at).min();
    if let Some(at) = oldest.filter(|_| !changed.is_empty()) {
        store::add_pending(client, &changed, label, None, at).await?;
    }
    // Everyone concerned, before or after, minus those already getting the whole label.
    let concerned: BTreeSet<Uuid> = before
        .keys()
        .chain(members.keys())
        .filter(|u| !changed.contains(u))
        .copied()
        .collect();
    if events.iter().all(|e| e.membership_only) {
        return Ok(());
    }
    // A bulk change (an import) becomes one whole-label run per member instead of a row per
    // contact per member: the run compares digests and writes only what changed anyway.
    let distinct: BTreeSet<Uuid> = events.iter().filter_map(|e| e.contact_id).collect();
    if distinct.len() > WHOLE_LABEL_ABOVE {
        let who: Vec<Uuid> = concerned.iter().copied().collect();
        if let Some(at) = oldest {
            store::add_pending(client, &who, label, None, at).await?;
        }
        return Ok(());
    }
    let mut whole_done: BTreeSet<Uuid> = BTreeSet::new();
    let mut contacts_done: BTreeSet<(Uuid, Uuid)> = BTreeSet::new();
    for event in events.iter().filter(|e| !e.membership_only) {
        let who: Vec<Uuid> = match event.member_id {
            Some(user) => concerned
                .contains(&user)
                .then_some(user)
                .into_iter()
                .collect(),
            None => concerned.iter().copied().collect(),
        };
        let who: Vec<Uuid> = match event.contact_id {
            None => who.into_iter().filter(|u| whole_done.insert(*u)).collect(),
            Some(contact) => who
                .into_iter()
                .filter(|u| !whole_done.contains(u) && contacts_done.insert((*u, contact)))
                .collect(),
        };
        store::add_pending(client, &who, label, event.contact_id, event.created_at).await?;
    }
    Ok(())
}

//! The sync's tables: the outbox the triggers fill, per-member work and leases, and the mirror of
//! what sits in each member's Google Contacts (groups, contacts, etags, digests).
//!
//! Triggers its writes fire: `sync_outbox_notify` (wakes the workers) and, for opt-outs,
//! `sync_opt_outs_*`.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::contact::ContactData;
use crate::domain::permission::Action;
use crate::domain::principal::Principal;

/// One committed change, as the triggers recorded it.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    /// Row id.
    pub id: i64,
    /// The label concerned; `None`: every label reaching `member_id`.
    pub label_id: Option<Uuid>,
    /// The contact concerned; `None`: the label as a whole.
    pub contact_id: Option<Uuid>,
    /// The one member concerned; `None`: every member.
    pub member_id: Option<Uuid>,
    /// Only the member set may have changed: members who stay need nothing.
    pub membership_only: bool,
    /// When it was committed.
    pub created_at: DateTime<Utc>,
}

const CLAIM_OUTBOX: &str = "
DELETE FROM sync_outbox WHERE id IN (
    SELECT id FROM sync_outbox WHERE available_at <= now()
    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING id, label_id, contact_id, member_id, membership_only, created_at";

/// Takes up to `limit` events out of the outbox; they come back if the transaction rolls back.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn claim_outbox(
    client: &impl GenericClient,
    limit: i64,
) -> Result<Vec<OutboxEvent>, StorageError> {
    let stmt = client.prepare_cached(CLAIM_OUTBOX).await?;
    let mut events = client
        .query(&stmt, &[&limit])
        .await?
        .iter()
        .map(|r| {
            Ok(OutboxEvent {
                id: r.try_get("id")?,
                label_id: r.try_get("label_id")?,
                contact_id: r.try_get("contact_id")?,
                member_id: r.try_get("member_id")?,
                membership_only: r.try_get("membership_only")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    events.sort_by_key(|e| e.id);
    Ok(events)
}

const POSTPONE: &str = "
INSERT INTO sync_outbox (label_id, contact_id, member_id, membership_only, created_at, available_at)
VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::float8))";

/// Puts an event back, to be tried again in `seconds`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn postpone(
    client: &impl GenericClient,
    event: &OutboxEvent,
    seconds: f64,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(POSTPONE).await?;
    client
        .execute(
            &stmt,
            &[
                &event.label_id,
                &event.contact_id,
                &event.member_id,
                &event.membership_only,
                &event.created_at,
                &seconds,
            ],
        )
        .await?;
    Ok(())
}

/// Serialises fan-out of one label across every worker process, until the transaction ends.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn lock_label(client: &impl GenericClient, label_id: Uuid) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT pg_advisory_xact_lock(hashtextextended('sharebook.sync.label:' || $1::uuid::text, 0))",
        )
        .await?;
    client.execute(&stmt, &[&label_id]).await?;
    Ok(())
}

/// A share as fan-out sees it.
#[derive(Debug, Clone)]
pub struct ShareGrant {
    /// `user`, `group` or `domain`.
    pub kind: String,
    /// The address, group address or domain.
    pub grantee: String,
    /// The person, once known (user shares).
    pub user_id: Option<Uuid>,
    /// Fields hidden through this share.
    pub hidden_fields: Vec<String>,
    /// Whether the sharer lets this share sync.
    pub sync_enabled: bool,
}

/// A label's owner and shares, if it still exists.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn label_grants(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Option<(Uuid, Vec<ShareGrant>)>, StorageError> {
    let stmt = client
        .prepare_cached("SELECT owner_id FROM labels WHERE id = $1")
        .await?;
    let Some(owner) = client.query_opt(&stmt, &[&label_id]).await? else {
        return Ok(None);
    };
    let stmt = client
        .prepare_cached(
            "SELECT grantee_kind, grantee, user_id, hidden_fields, sync_enabled
             FROM shares WHERE label_id = $1",
        )
        .await?;
    let grants = client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(|r| {
            Ok(ShareGrant {
                kind: r.try_get("grantee_kind")?,
                grantee: r.try_get("grantee")?,
                user_id: r.try_get("user_id")?,
                hidden_fields: r.try_get("hidden_fields")?,
                sync_enabled: r.try_get("sync_enabled")?,
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(Some((owner.try_get("owner_id")?, grants)))
}

/// Known users of a Workspace domain (a domain share reaches them).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn users_in_domain(
    client: &impl GenericClient,
    domain: &str,
) -> Result<Vec<Uuid>, StorageError> {
    let stmt = client
        .prepare_cached("SELECT id FROM users WHERE hd = $1")
        .await?;
    Ok(client
        .query(&stmt, &[&domain])
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?)
}

/// Known users with one of these (lower-cased) addresses, of the group's `domain`, whose address
/// Google vouches for (a personal account registered with a member's address is no member).
///
/// The domain is matched by `hd` or address: the side panel only looks for a caller's groups in
/// their own domain, so a member from elsewhere is not reached by the group there either.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn users_by_email(
    client: &impl GenericClient,
    emails: &[String],
    domain: &str,
) -> Result<Vec<Uuid>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT id FROM users WHERE lower(email) = ANY ($1) AND email_vouched(email, hd)
               AND (hd = $2 OR split_part(lower(email), '@', 2) = $2)",
        )
        .await?;
    Ok(client
        .query(&stmt, &[&emails, &domain])
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?)
}

/// What the owner hid from known users as persons on this label (migration V12): it applies
/// through whichever share reaches them.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn person_hidden(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<(Uuid, Vec<String>)>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT u.id, h.fields FROM grantee_hidden_fields h JOIN users u ON lower(u.email) = h.grantee
             WHERE h.label_id = $1 AND h.grantee_kind = 'user'",
        )
        .await?;
    client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("fields")?)))
        .collect()
}

/// Members who switched the label's sync off.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn opt_outs(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<Uuid>, StorageError> {
    let stmt = client
        .prepare_cached("SELECT user_id FROM sync_opt_outs WHERE label_id = $1")
        .await?;
    Ok(client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(|r| r.try_get("user_id"))
        .collect::<Result<_, _>>()?)
}

const LABELS_REACHING: &str = "
SELECT l.id AS label_id FROM labels l WHERE l.owner_id = $1
UNION SELECT s.label_id FROM shares s WHERE s.grantee_kind = 'user' AND s.user_id = $1
UNION SELECT s.label_id FROM shares s JOIN users u ON u.id = $1
      WHERE s.grantee_kind = 'domain' AND s.grantee = u.hd
UNION SELECT s.label_id FROM shares s JOIN users u ON u.id = $1
      WHERE s.grantee_kind = 'group'
        AND split_part(s.grantee, '@', 2) IN (u.hd, split_part(lower(u.email), '@', 2))
UNION SELECT t.label_id FROM sync_targets t WHERE t.user_id = $1";

/// Labels that reach `user` or may (group shares of their domain), and those synced to them now.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn labels_concerning(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<Uuid>, StorageError> {
    let stmt = client.prepare_cached(LABELS_REACHING).await?;
    Ok(client
        .query(&stmt, &[&user])
        .await?
        .iter()
        .map(|r| r.try_get("label_id"))
        .collect::<Result<_, _>>()?)
}

/// Members a label is synced to now, with the fields hidden from each.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn targets(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<(Uuid, Vec<String>)>, StorageError> {
    let stmt = client
        .prepare_cached("SELECT user_id, hidden_fields FROM sync_targets WHERE label_id = $1")
        .await?;
    client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("user_id")?, r.try_get("hidden_fields")?)))
        .collect()
}

/// Makes `members` (user, hidden fields) the label's members.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn set_targets(
    client: &impl GenericClient,
    label_id: Uuid,
    members: &[(Uuid, Vec<String>)],
) -> Result<(), StorageError> {
    let users: Vec<Uuid> = members.iter().map(|(u, _)| *u).collect();
    // text[][] must be rectangular, so hidden fields travel as one comma-joined string each.
    let hidden: Vec<String> = members.iter().map(|(_, h)| h.join(",")).collect();
    // An anti-join, not `<> ALL ($2)`: with a generic plan the array would be scanned per row.
    let stmt = client
        .prepare_cached(
            "DELETE FROM sync_targets t WHERE t.label_id = $1
               AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[]) AS m (u) WHERE m.u = t.user_id)",
        )
        .await?;
    client.execute(&stmt, &[&label_id, &users]).await?;
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_targets (label_id, user_id, hidden_fields)
             SELECT $1, u, COALESCE(string_to_array(NULLIF(h, ''), ','), '{}')::text[]
             FROM unnest($2::uuid[], $3::text[]) AS m (u, h)
             ON CONFLICT (label_id, user_id) DO UPDATE SET hidden_fields = EXCLUDED.hidden_fields
             WHERE sync_targets.hidden_fields IS DISTINCT FROM EXCLUDED.hidden_fields",
        )
        .await?;
    client.execute(&stmt, &[&label_id, &users, &hidden]).await?;
    Ok(())
}

/// Queues work for `members`: one contact of the label, or the label as a whole.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn add_pending(
    client: &impl GenericClient,
    members: &[Uuid],
    label_id: Uuid,
    contact_id: Option<Uuid>,
    changed_at: DateTime<Utc>,
) -> Result<(), StorageError> {
    if members.is_empty() {
        return Ok(());
    }
    // In id order, so two fan-outs touching the same new members lock their rows in one order.
    let mut members = members.to_vec();
    members.sort_unstable();
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_pending (user_id, label_id, contact_id, changed_at)
             SELECT u, $2, $3, $4 FROM unnest($1::uuid[]) AS u",
        )
        .await?;
    client
        .execute(&stmt, &[&members, &label_id, &contact_id, &changed_at])
        .await?;
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_members (user_id, queued) SELECT u, 1 FROM unnest($1::uuid[]) AS u
             ON CONFLICT (user_id) DO UPDATE SET queued = sync_members.queued + 1",
        )
        .await?;
    client.execute(&stmt, &[&members]).await?;
    Ok(())
}

const CLAIM_MEMBERS: &str = "
UPDATE sync_members m SET lease_owner = gen_random_uuid(),
                          lease_until = now() + make_interval(secs => $1::float8)
WHERE m.user_id IN (
    SELECT s.user_id FROM sync_members s
    WHERE s.queued > s.done AND s.next_attempt_at <= now()
      AND (s.lease_until IS NULL OR s.lease_until < now())
      AND s.user_id <> ALL ($3)
    ORDER BY s.next_attempt_at LIMIT $2
    FOR UPDATE SKIP LOCKED)
RETURNING m.user_id, m.lease_owner";

/// A member leased to one run: the lease token fences every write of that run.
#[derive(Debug, Clone, Copy)]
pub struct Lease {
    /// The member.
    pub user: Uuid,
    /// This claim's token.
    pub token: Uuid,
}

/// Leases up to `limit` members with work for `seconds`, skipping `running` (this process's
/// runs, whose leases may have lapsed while they stalled).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn claim_members(
    client: &impl GenericClient,
    seconds: f64,
    limit: i64,
    running: &[Uuid],
) -> Result<Vec<Lease>, StorageError> {
    let stmt = client.prepare_cached(CLAIM_MEMBERS).await?;
    client
        .query(&stmt, &[&seconds, &limit, &running])
        .await?
        .iter()
        .map(|r| {
            Ok(Lease {
                user: r.try_get("user_id")?,
                token: r.try_get("lease_owner")?,
            })
        })
        .collect()
}

/// How much work was ever queued for `user` (read before looking at their queue).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn queued(client: &impl GenericClient, user: Uuid) -> Result<i64, StorageError> {
    let stmt = client
        .prepare_cached("SELECT queued FROM sync_members WHERE user_id = $1")
        .await?;
    Ok(client
        .query_opt(&stmt, &[&user])
        .await?
        .map(|r| r.try_get("queued"))
        .transpose()?
        .unwrap_or(0))
}

/// Extends a lease; false if another run took it (then stop writing). A lease that lapsed but
/// was not taken is still ours: nobody else wrote meanwhile.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn renew_lease(
    client: &impl GenericClient,
    lease: Lease,
    seconds: f64,
) -> Result<bool, StorageError> {
    let stmt = client
        .prepare_cached(
            "UPDATE sync_members SET lease_until = now() + make_interval(secs => $3::float8)
             WHERE user_id = $1 AND lease_owner = $2",
        )
        .await?;
    Ok(client
        .execute(&stmt, &[&lease.user, &lease.token, &seconds])
        .await?
        == 1)
}

/// Gives up the lease after a successful run that found the queue empty after `queued` was
/// read: work queued since keeps the member due.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn release_synced(
    client: &impl GenericClient,
    lease: Lease,
    queued: i64,
) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached(
            "UPDATE sync_members SET lease_owner = NULL, lease_until = NULL, attempts = 0,
                    last_error = NULL, last_error_at = NULL, last_synced_at = now(),
                    next_attempt_at = now(), done = greatest(done, $3)
             WHERE user_id = $1 AND lease_owner = $2",
        )
        .await?;
    client
        .execute(&stmt, &[&lease.user, &lease.token, &queued])
        .await?;
    Ok(())
}

/// Gives up the lease after a failure; the member is tried again after a backoff that grows
/// with each failure in a row (`base` seconds doubled, at most `max`, with jitter).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn release_failed(
    client: &impl GenericClient,
    lease: Lease,
    error: &str,
    base: f64,
    max: f64,
) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached(
            "UPDATE sync_members SET lease_owner = NULL, lease_until = NULL,
                    attempts = attempts + 1, last_error = $3, last_error_at = now(),
                    next_attempt_at = now() + make_interval(secs =>
                        least($5::float8, $4::float8 * power(2, least(attempts, 20)))
                        * (0.5 + random() / 2))
             WHERE user_id = $1 AND lease_owner = $2",
        )
        .await?;
    client
        .execute(&stmt, &[&lease.user, &lease.token, &error, &base, &max])
        .await?;
    Ok(())
}

/// A member's address (the subject the sync acts as).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn member_email(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Option<String>, StorageError> {
    let stmt = client
        .prepare_cached("SELECT email FROM users WHERE id = $1")
        .await?;
    Ok(client
        .query_opt(&stmt, &[&user])
        .await?
        .map(|r| r.try_get("email"))
        .transpose()?)
}

/// Work queued for one member.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Row id.
    pub id: i64,
    /// Label.
    pub label_id: Uuid,
    /// One contact, or `None` for the whole label.
    pub contact_id: Option<Uuid>,
    /// When the change was committed.
    pub changed_at: DateTime<Utc>,
}

/// The oldest `limit` pieces of work queued for `user`.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn pending_for(
    client: &impl GenericClient,
    user: Uuid,
    limit: i64,
) -> Result<Vec<Pending>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT id, label_id, contact_id, changed_at FROM sync_pending
             WHERE user_id = $1 ORDER BY id LIMIT $2",
        )
        .await?;
    client
        .query(&stmt, &[&user, &limit])
        .await?
        .iter()
        .map(|r| {
            Ok(Pending {
                id: r.try_get("id")?,
                label_id: r.try_get("label_id")?,
                contact_id: r.try_get("contact_id")?,
                changed_at: r.try_get("changed_at")?,
            })
        })
        .collect()
}

/// Removes work that is done.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete_pending(client: &impl GenericClient, ids: &[i64]) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached("DELETE FROM sync_pending WHERE id = ANY ($1)")
        .await?;
    client.execute(&stmt, &[&ids]).await?;
    Ok(())
}

/// What a member should have of a label: its name and the fields hidden from them, or `None`
/// when the label must leave their Google Contacts.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn target(
    client: &impl GenericClient,
    label_id: Uuid,
    user: Uuid,
) -> Result<Option<(String, Vec<String>)>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT l.name, t.hidden_fields FROM sync_targets t JOIN labels l ON l.id = t.label_id
             WHERE t.label_id = $1 AND t.user_id = $2",
        )
        .await?;
    client
        .query_opt(&stmt, &[&label_id, &user])
        .await?
        .map(|r| Ok((r.try_get("name")?, r.try_get("hidden_fields")?)))
        .transpose()
}

const LIVE_CONTACT_COLUMNS: &str =
    "id, name, emails, phones, organization, title, addresses, notes, custom";

fn live_contact(r: &tokio_postgres::Row) -> Result<(Uuid, ContactData), StorageError> {
    Ok((r.try_get("id")?, super::contacts::data_from_row(r)?))
}

/// Every live contact of a label.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn live_contacts(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<(Uuid, ContactData)>, StorageError> {
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {LIVE_CONTACT_COLUMNS} FROM contacts WHERE label_id = $1 AND deleted_at IS NULL"
        ))
        .await?;
    client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(live_contact)
        .collect()
}

/// Those of `ids` that are live contacts of the label.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn live_contacts_among(
    client: &impl GenericClient,
    label_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, ContactData)>, StorageError> {
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {LIVE_CONTACT_COLUMNS} FROM contacts
             WHERE id = ANY ($2) AND label_id = $1 AND deleted_at IS NULL"
        ))
        .await?;
    client
        .query(&stmt, &[&label_id, &ids])
        .await?
        .iter()
        .map(live_contact)
        .collect()
}

/// Our contact group for a label in a member's Google Contacts.
#[derive(Debug, Clone)]
pub struct GroupCopy {
    /// `contactGroups/…`.
    pub resource_name: String,
    /// Its etag when last written.
    pub etag: Option<String>,
    /// The label name it was written for.
    pub name: String,
}

/// Our group for (member, label), if we made one.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn group_copy(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<Option<GroupCopy>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT resource_name, etag, name FROM sync_groups WHERE user_id = $1 AND label_id = $2",
        )
        .await?;
    client
        .query_opt(&stmt, &[&user, &label_id])
        .await?
        .map(|r| {
            Ok(GroupCopy {
                resource_name: r.try_get("resource_name")?,
                etag: r.try_get("etag")?,
                name: r.try_get("name")?,
            })
        })
        .transpose()
}

/// Records our group for (member, label).
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn save_group_copy(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    group: &GroupCopy,
) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_groups (user_id, label_id, resource_name, etag, name)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, label_id) DO UPDATE
             SET resource_name = EXCLUDED.resource_name, etag = EXCLUDED.etag, name = EXCLUDED.name",
        )
        .await?;
    client
        .execute(
            &stmt,
            &[
                &user,
                &label_id,
                &group.resource_name,
                &group.etag,
                &group.name,
            ],
        )
        .await?;
    Ok(())
}

/// Forgets our group for (member, label) once it is deleted.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn delete_group_copy(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached("DELETE FROM sync_groups WHERE user_id = $1 AND label_id = $2")
        .await?;
    client.execute(&stmt, &[&user, &label_id]).await?;
    Ok(())
}

/// Our copy of one contact in a member's Google Contacts.
#[derive(Debug, Clone)]
pub struct ContactCopy {
    /// The Sharebook contact.
    pub contact_id: Uuid,
    /// `people/…`; `None` while a create's outcome is unknown.
    pub resource_name: Option<String>,
    /// Etag when last written.
    pub etag: Option<String>,
    /// Digest of what was written.
    pub digest: Option<Vec<u8>>,
}

fn contact_copy(r: &tokio_postgres::Row) -> Result<ContactCopy, StorageError> {
    Ok(ContactCopy {
        contact_id: r.try_get("contact_id")?,
        resource_name: r.try_get("resource_name")?,
        etag: r.try_get("etag")?,
        digest: r.try_get("digest")?,
    })
}

/// Our copies of a label's contacts for a member.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn contact_copies(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<Vec<ContactCopy>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT contact_id, resource_name, etag, digest FROM sync_contacts
             WHERE user_id = $1 AND label_id = $2",
        )
        .await?;
    client
        .query(&stmt, &[&user, &label_id])
        .await?
        .iter()
        .map(contact_copy)
        .collect()
}

/// Our copies of some contacts of a label for a member.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn contact_copies_among(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<ContactCopy>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT contact_id, resource_name, etag, digest FROM sync_contacts
             WHERE user_id = $1 AND contact_id = ANY ($3) AND label_id = $2",
        )
        .await?;
    client
        .query(&stmt, &[&user, &label_id, &ids])
        .await?
        .iter()
        .map(contact_copy)
        .collect()
}

/// Records that creates are about to be sent (outcome unknown until [`save_contact_copies`]).
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn save_create_intents(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    ids: &[Uuid],
) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_contacts (user_id, contact_id, label_id)
             SELECT $1, c, $2 FROM unnest($3::uuid[]) AS c
             ON CONFLICT (user_id, contact_id) DO NOTHING",
        )
        .await?;
    client.execute(&stmt, &[&user, &label_id, &ids]).await?;
    Ok(())
}

/// A copy just written (or found) in a member's Google Contacts.
#[derive(Debug, Clone)]
pub struct Written {
    /// The Sharebook contact.
    pub contact_id: Uuid,
    /// `people/…`.
    pub resource_name: String,
    /// Its etag now.
    pub etag: Option<String>,
    /// Digest of what it holds, when known (unknown forces the next run to rewrite it).
    pub digest: Option<Vec<u8>>,
}

/// Records what was written.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn save_contact_copies(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    copies: &[Written],
) -> Result<(), StorageError> {
    let ids: Vec<Uuid> = copies.iter().map(|c| c.contact_id).collect();
    let names: Vec<&str> = copies.iter().map(|c| c.resource_name.as_str()).collect();
    let etags: Vec<Option<&str>> = copies.iter().map(|c| c.etag.as_deref()).collect();
    let digests: Vec<Option<&[u8]>> = copies.iter().map(|c| c.digest.as_deref()).collect();
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_contacts (user_id, contact_id, label_id, resource_name, etag, digest)
             SELECT $1, c, $2, n, e, d FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bytea[])
                 AS x (c, n, e, d)
             ON CONFLICT (user_id, contact_id) DO UPDATE
             SET resource_name = EXCLUDED.resource_name, etag = EXCLUDED.etag,
                 digest = EXCLUDED.digest, label_id = EXCLUDED.label_id",
        )
        .await?;
    client
        .execute(&stmt, &[&user, &label_id, &ids, &names, &etags, &digests])
        .await?;
    Ok(())
}

/// Forgets copies that were deleted (or whose create never happened).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn delete_contact_copies(
    client: &impl GenericClient,
    user: Uuid,
    ids: &[Uuid],
) -> Result<(), StorageError> {
    let stmt = client
        .prepare_cached("DELETE FROM sync_contacts WHERE user_id = $1 AND contact_id = ANY ($2)")
        .await?;
    client.execute(&stmt, &[&user, &ids]).await?;
    Ok(())
}

/// Whether any create for `user` has an unknown outcome.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn has_create_intents(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<bool, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sync_contacts WHERE user_id = $1 AND resource_name IS NULL)",
        )
        .await?;
    Ok(client.query_one(&stmt, &[&user]).await?.try_get(0)?)
}

/// Creates of unknown outcome for `user`: (contact, label).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn create_intents(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<(Uuid, Uuid)>, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT contact_id, label_id FROM sync_contacts WHERE user_id = $1 AND resource_name IS NULL",
        )
        .await?;
    client
        .query(&stmt, &[&user])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("contact_id")?, r.try_get("label_id")?)))
        .collect()
}

/// What the homepage says about a user's sync.
#[derive(Debug, Clone, Default)]
pub struct SyncStatus {
    /// Changes not yet in their Google Contacts.
    pub pending: i64,
    /// The last failure, while it is not followed by a success.
    pub last_error: Option<String>,
    /// When their Google Contacts were last brought in step.
    pub last_synced_at: Option<DateTime<Utc>>,
}

const STATUS: &str = "
SELECT (SELECT count(*) FROM sync_pending p WHERE p.user_id = $1) AS pending,
       m.last_error, m.last_synced_at
FROM (SELECT 1) one LEFT JOIN sync_members m ON m.user_id = $1";

/// A user's sync status (the homepage reads it with its labels; this is for a user with none).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn status(client: &impl GenericClient, user: Uuid) -> Result<SyncStatus, StorageError> {
    let stmt = client.prepare_cached(STATUS).await?;
    let row = client.query_one(&stmt, &[&user]).await?;
    Ok(SyncStatus {
        pending: row.try_get("pending")?,
        last_error: row.try_get("last_error")?,
        last_synced_at: row.try_get("last_synced_at")?,
    })
}

/// Switches the sync of a label off (`synced` false) or back on for a member; only a member of
/// the label may (false otherwise).
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn set_opt_out(
    client: &impl GenericClient,
    who: &Principal,
    label_id: Uuid,
    synced: bool,
) -> Result<bool, StorageError> {
    let sql = if synced {
        "DELETE FROM sync_opt_outs WHERE user_id = $1 AND label_id = $2
           AND label_role($2, $1, $3) >= $4 RETURNING 1"
    } else {
        "INSERT INTO sync_opt_outs (user_id, label_id)
         SELECT $1, $2 WHERE label_role($2, $1, $3) >= $4
         ON CONFLICT DO NOTHING RETURNING 1"
    };
    let min = Action::ChooseSync.min_rank();
    let stmt = client.prepare_cached(sql).await?;
    client
        .query_opt(&stmt, &[&who.user_id, &label_id, &who.groups, &min])
        .await?;
    // Already in the asked state counts as done; only a non-member is refused.
    let stmt = client
        .prepare_cached("SELECT label_role($1, $2, $3) >= $4")
        .await?;
    Ok(client
        .query_one(&stmt, &[&label_id, &who.user_id, &who.groups, &min])
        .await?
        .try_get(0)?)
}

/// Whether a member switched the sync of a label off.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn is_opted_out(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<bool, StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sync_opt_outs WHERE user_id = $1 AND label_id = $2)",
        )
        .await?;
    Ok(client
        .query_one(&stmt, &[&user, &label_id])
        .await?
        .try_get(0)?)
}

/// Re-expands group shares once per `seconds` across every process: true for the one process
/// that should do it now, which queues every label with a group share.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn refresh_groups_if_due(
    client: &impl GenericClient,
    seconds: f64,
) -> Result<bool, StorageError> {
    let stmt = client
        .prepare_cached(
            "UPDATE sync_schedule SET groups_refreshed_at = now()
             WHERE groups_refreshed_at < now() - make_interval(secs => $1::float8) RETURNING 1",
        )
        .await?;
    if client.query_opt(&stmt, &[&seconds]).await?.is_none() {
        return Ok(false);
    }
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_outbox (label_id, membership_only)
             SELECT DISTINCT label_id, true FROM shares WHERE grantee_kind = 'group'",
        )
        .await?;
    client.execute(&stmt, &[]).await?;
    Ok(true)
}

/// Backlog figures for `/metrics`: outbox rows, pending rows, members in backoff.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn backlog(client: &impl GenericClient) -> Result<(i64, i64, i64), StorageError> {
    let stmt = client
        .prepare_cached(
            "SELECT (SELECT count(*) FROM sync_outbox) AS outbox,
                    (SELECT count(*) FROM sync_pending) AS pending,
                    (SELECT count(*) FROM sync_members WHERE attempts > 0) AS failing",
        )
        .await?;
    let r = client.query_one(&stmt, &[]).await?;
    Ok((
        r.try_get("outbox")?,
        r.try_get("pending")?,
        r.try_get("failing")?,
    ))
}

/// Forgets everything recorded about members' Google Contacts and queues every label again.
/// Only for `dev` with a kept database: its People stand-in starts empty on every run.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn forget_google_side(client: &impl GenericClient) -> Result<(), StorageError> {
    client
        .batch_execute(
            "BEGIN;
             TRUNCATE sync_groups, sync_contacts, sync_targets, sync_pending;
             UPDATE sync_members SET lease_owner = NULL, lease_until = NULL, attempts = 0,
                    next_attempt_at = now(), last_error = NULL, done = queued;
             INSERT INTO sync_outbox (label_id) SELECT id FROM labels;
             COMMIT;",
        )
        .await?;
    Ok(())
}

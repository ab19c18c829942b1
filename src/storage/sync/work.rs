//! Per-member work: leases that keep one member's People API writes strictly sequential across
//! every process, their pending rows, what a run reads, and the status the homepage shows.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::contact::ContactData;
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::storage::{StorageError, query_map};

const CLAIM_MEMBERS: &str = "
UPDATE sync_members m SET lease_owner = gen_random_uuid(),
                          lease_until = now() + make_interval(secs => $1::float8)
WHERE m.user_id IN (
    SELECT s.user_id FROM sync_members s
    WHERE (s.queued > s.done OR s.read_due_at <= now()) AND s.next_attempt_at <= now()
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

/// Leases up to `limit` members with work for `seconds`.
///
/// Work is queued changes, or their Google Contacts due to be read. `running` (this process's
/// runs, whose leases may have lapsed while they stalled) are skipped.
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

const QUEUED: &str = "SELECT queued FROM sync_members WHERE user_id = $1";

/// How much work was ever queued for `user` (read before looking at their queue).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn queued(client: &impl GenericClient, user: Uuid) -> Result<i64, StorageError> {
    let stmt = client.prepare_cached(QUEUED).await?;
    Ok(client
        .query_opt(&stmt, &[&user])
        .await?
        .map(|r| r.try_get("queued"))
        .transpose()?
        .unwrap_or(0))
}

const RENEW_LEASE: &str =
    "UPDATE sync_members SET lease_until = now() + make_interval(secs => $3::float8)
             WHERE user_id = $1 AND lease_owner = $2";

/// Extends a lease; false if another run took it (then stop writing). A lease that lapsed but
/// was not taken is still ours: nobody else wrote meanwhile.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn renew_lease(
    client: &impl GenericClient,
    lease: Lease,
    seconds: f64,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(RENEW_LEASE).await?;
    Ok(client
        .execute(&stmt, &[&lease.user, &lease.token, &seconds])
        .await?
        == 1)
}

const RELEASE_SYNCED: &str =
    "UPDATE sync_members m SET lease_owner = NULL, lease_until = NULL, attempts = 0,
                    last_error = NULL, last_error_at = NULL, last_synced_at = now(),
                    next_attempt_at = now(), done = greatest(done, $3),
                    read_due_at = CASE
                        WHEN NOT EXISTS (SELECT 1 FROM sync_groups g WHERE g.user_id = m.user_id) THEN NULL
                        WHEN $4 OR m.read_due_at IS NULL THEN now() + make_interval(secs =>
                            CASE WHEN (SELECT u.last_active_at FROM users u WHERE u.id = m.user_id)
                                      > now() - make_interval(secs => $7::float8)
                                 THEN $5::float8 ELSE $6::float8 END)
                        ELSE m.read_due_at END
             WHERE user_id = $1 AND lease_owner = $2";

/// How often members' Google Contacts are read: every `active` while they use the side panel
/// (seen within [`SEEN_LATELY`]), every `idle` otherwise.
#[derive(Debug, Clone, Copy)]
pub struct ReadPace {
    /// Between reads of a member seen lately.
    pub active: std::time::Duration,
    /// Between reads of the others.
    pub idle: std::time::Duration,
}

/// How long after their last side-panel request a member counts as active.
///
/// The add-on records a user's activity when it first sees them in a while (its user cache holds
/// them ten minutes), so this must be longer than that.
pub const SEEN_LATELY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Gives up the lease after a successful run that found the queue empty after `queued` was read.
///
/// Work queued since keeps the member due. After a read (`read`), or for a member whose Google
/// Contacts now hold a group of ours and were never scheduled, the next read is set by `pace`; a
/// member with no group of ours is not read.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn release_synced(
    client: &impl GenericClient,
    lease: Lease,
    queued: i64,
    read: bool,
    pace: ReadPace,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(RELEASE_SYNCED).await?;
    client
        .execute(
            &stmt,
            &[
                &lease.user,
                &lease.token,
                &queued,
                &read,
                &pace.active.as_secs_f64(),
                &pace.idle.as_secs_f64(),
                &SEEN_LATELY.as_secs_f64(),
            ],
        )
        .await?;
    Ok(())
}

const RELEASE_FAILED: &str = "UPDATE sync_members SET lease_owner = NULL, lease_until = NULL,
                    attempts = attempts + 1, last_error = $3, last_error_at = now(),
                    next_attempt_at = now() + make_interval(secs =>
                        least($5::float8, $4::float8 * power(2, least(attempts, 20)))
                        * (0.5 + random() / 2))
             WHERE user_id = $1 AND lease_owner = $2";

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
    let stmt = client.prepare_cached(RELEASE_FAILED).await?;
    client
        .execute(&stmt, &[&lease.user, &lease.token, &error, &base, &max])
        .await?;
    Ok(())
}

const MEMBER_EMAIL: &str = "SELECT email FROM users WHERE id = $1";

/// A member's address (the subject the sync acts as).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn member_email(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Option<String>, StorageError> {
    let stmt = client.prepare_cached(MEMBER_EMAIL).await?;
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

const PENDING_FOR: &str = "SELECT id, label_id, contact_id, changed_at FROM sync_pending
             WHERE user_id = $1 ORDER BY id LIMIT $2";

/// The oldest `limit` pieces of work queued for `user`.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn pending_for(
    client: &impl GenericClient,
    user: Uuid,
    limit: i64,
) -> Result<Vec<Pending>, StorageError> {
    let stmt = client.prepare_cached(PENDING_FOR).await?;
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

const DELETE_PENDING: &str = "DELETE FROM sync_pending WHERE id = ANY ($1)";

/// Removes work that is done.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete_pending(client: &impl GenericClient, ids: &[i64]) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(DELETE_PENDING).await?;
    client.execute(&stmt, &[&ids]).await?;
    Ok(())
}

const TARGET: &str =
    "SELECT l.name, t.hidden_fields FROM sync_targets t JOIN labels l ON l.id = t.label_id
             WHERE t.label_id = $1 AND t.user_id = $2";

/// What a member should have of a label: its name and the fields hidden from them, or `None`
/// when the label must leave their Google Contacts.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn target(
    client: &impl GenericClient,
    label_id: Uuid,
    user: Uuid,
) -> Result<Option<(String, Vec<String>)>, StorageError> {
    let stmt = client.prepare_cached(TARGET).await?;
    client
        .query_opt(&stmt, &[&label_id, &user])
        .await?
        .map(|r| Ok((r.try_get("name")?, r.try_get("hidden_fields")?)))
        .transpose()
}

const LIVE_CONTACTS: &str = "SELECT id, name, emails, phones, organization, title, addresses, notes, custom FROM contacts WHERE label_id = $1 AND deleted_at IS NULL";

const LIVE_CONTACTS_AMONG: &str =
    "SELECT id, name, emails, phones, organization, title, addresses, notes, custom FROM contacts
WHERE id = ANY ($2) AND label_id = $1 AND deleted_at IS NULL";

fn live_contact(r: &tokio_postgres::Row) -> Result<(Uuid, ContactData), StorageError> {
    Ok((
        r.try_get("id")?,
        crate::storage::contacts::data_from_row(r)?,
    ))
}

/// Every live contact of a label.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn live_contacts(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<(Uuid, ContactData)>, StorageError> {
    query_map(client, LIVE_CONTACTS, &[&label_id], live_contact).await
}

/// Those of `ids` that are live contacts of the label.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn live_contacts_among(
    client: &impl GenericClient,
    label_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, ContactData)>, StorageError> {
    query_map(
        client,
        LIVE_CONTACTS_AMONG,
        &[&label_id, &ids],
        live_contact,
    )
    .await
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
    /// Labels whose sync stopped because they deleted our group in Google Contacts.
    pub stopped: Vec<Uuid>,
    /// Labels whose CRM feed, connected by them, is paused (Capsule refused its token), with the
    /// feed's last successful run.
    pub feeds_paused: Vec<(Uuid, Option<DateTime<Utc>>)>,
    /// Files they sent that wait for their review (import id, file name): Google reloads the
    /// add-on when the upload page closes, so the homepage offers the preview.
    pub imports_waiting: Vec<(Uuid, String)>,
}

const STATUS: &str = "
SELECT (SELECT count(*) FROM sync_pending p WHERE p.user_id = $1) AS pending,
       (SELECT array_agg(o.label_id) FROM sync_opt_outs o
        WHERE o.user_id = $1 AND o.reason = 'group_deleted') AS stopped,
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
        stopped: row
            .try_get::<_, Option<Vec<Uuid>>>("stopped")?
            .unwrap_or_default(),
        // Without a label there is no feed, and no import.
        feeds_paused: Vec::new(),
        imports_waiting: Vec::new(),
    })
}

const SET_OPT_OUT: &str = "SELECT label_role($1, $2, $3) >= $4";

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
    let stmt = client.prepare_cached(SET_OPT_OUT).await?;
    Ok(client
        .query_one(&stmt, &[&label_id, &who.user_id, &who.groups, &min])
        .await?
        .try_get(0)?)
}

const OPT_OUT: &str = "SELECT reason FROM sync_opt_outs WHERE user_id = $1 AND label_id = $2";

/// Why a member's sync of a label is off, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncOff {
    /// They switched it off in the side panel.
    Chosen,
    /// They deleted our group in Google Contacts.
    GroupDeleted,
}

/// Whether (and why) a member's sync of a label is off.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn sync_off(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<Option<SyncOff>, StorageError> {
    let stmt = client.prepare_cached(OPT_OUT).await?;
    Ok(client
        .query_opt(&stmt, &[&user, &label_id])
        .await?
        .map(|r| r.try_get::<_, String>("reason"))
        .transpose()?
        .map(|reason| match reason.as_str() {
            "group_deleted" => SyncOff::GroupDeleted,
            _ => SyncOff::Chosen,
        }))
}

const BACKLOG: &str = "SELECT (SELECT count(*) FROM sync_outbox) AS outbox,
                    (SELECT count(*) FROM sync_pending) AS pending,
                    (SELECT count(*) FROM sync_members WHERE attempts > 0) AS failing";

/// Backlog figures for `/metrics`: outbox rows, pending rows, members in backoff.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn backlog(client: &impl GenericClient) -> Result<(i64, i64, i64), StorageError> {
    let stmt = client.prepare_cached(BACKLOG).await?;
    let r = client.query_one(&stmt, &[]).await?;
    Ok((
        r.try_get("outbox")?,
        r.try_get("pending")?,
        r.try_get("failing")?,
    ))
}

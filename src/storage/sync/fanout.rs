//! Fan-out: the outbox the triggers fill, who a label reaches (through users, domains, groups and
//! opt-outs), the members it is synced to, and the work queued for each.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::storage::{StorageError, query_column};

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

const LOCK_LABEL: &str =
    "SELECT pg_advisory_xact_lock(hashtextextended('sharebook.sync.label:' || $1::uuid::text, 0))";

/// Serialises fan-out of one label across every worker process, until the transaction ends.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn lock_label(client: &impl GenericClient, label_id: Uuid) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(LOCK_LABEL).await?;
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

const LABEL_GRANTS_1: &str = "SELECT owner_id FROM labels WHERE id = $1";

const LABEL_GRANTS_2: &str = "SELECT grantee_kind, grantee, user_id, hidden_fields, sync_enabled
             FROM shares WHERE label_id = $1";

/// A label's owner and shares, if it still exists.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn label_grants(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Option<(Uuid, Vec<ShareGrant>)>, StorageError> {
    let stmt = client.prepare_cached(LABEL_GRANTS_1).await?;
    let Some(owner) = client.query_opt(&stmt, &[&label_id]).await? else {
        return Ok(None);
    };
    let stmt = client.prepare_cached(LABEL_GRANTS_2).await?;
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

const USERS_IN_DOMAIN: &str = "SELECT id FROM users WHERE hd = $1";

/// Known users of a Workspace domain (a domain share reaches them).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn users_in_domain(
    client: &impl GenericClient,
    domain: &str,
) -> Result<Vec<Uuid>, StorageError> {
    query_column(client, USERS_IN_DOMAIN, &[&domain], "id").await
}

const USERS_BY_EMAIL: &str =
    "SELECT id FROM users WHERE lower(email) = ANY ($1) AND email_vouched(email, hd)
               AND (hd = $2 OR split_part(lower(email), '@', 2) = $2)";

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
    query_column(client, USERS_BY_EMAIL, &[&emails, &domain], "id").await
}

const PERSON_HIDDEN: &str =
    "SELECT u.id, h.fields FROM grantee_hidden_fields h JOIN users u ON lower(u.email) = h.grantee
             WHERE h.label_id = $1 AND h.grantee_kind = 'user'";

/// What the owner hid from known users as persons on this label (migration V12): it applies
/// through whichever share reaches them.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn person_hidden(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<(Uuid, Vec<String>)>, StorageError> {
    let stmt = client.prepare_cached(PERSON_HIDDEN).await?;
    client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("fields")?)))
        .collect()
}

const OPT_OUTS: &str = "SELECT user_id FROM sync_opt_outs WHERE label_id = $1";

/// Members who switched the label's sync off.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn opt_outs(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<Uuid>, StorageError> {
    query_column(client, OPT_OUTS, &[&label_id], "user_id").await
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
    query_column(client, LABELS_REACHING, &[&user], "label_id").await
}

const TARGETS: &str = "SELECT user_id, hidden_fields FROM sync_targets WHERE label_id = $1";

/// Members a label is synced to now, with the fields hidden from each.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn targets(
    client: &impl GenericClient,
    label_id: Uuid,
) -> Result<Vec<(Uuid, Vec<String>)>, StorageError> {
    let stmt = client.prepare_cached(TARGETS).await?;
    client
        .query(&stmt, &[&label_id])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("user_id")?, r.try_get("hidden_fields")?)))
        .collect()
}

const SET_TARGETS_1: &str = "DELETE FROM sync_targets t WHERE t.label_id = $1
               AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[]) AS m (u) WHERE m.u = t.user_id)";

// A new member's `since` is when the label became theirs: its creation for the owner, their own
// share, or else now (a group or domain share reaching them); it orders a merged contact's labels.
const SET_TARGETS_2: &str =
    "INSERT INTO sync_targets (label_id, user_id, hidden_fields, via_groups, since)
             SELECT $1, u, COALESCE(string_to_array(NULLIF(h, ''), ','), '{}')::text[],
                    COALESCE(string_to_array(NULLIF(g, ''), ','), '{}')::text[],
                    COALESCE((SELECT l.created_at FROM labels l WHERE l.id = $1 AND l.owner_id = u),
                             (SELECT min(s.created_at) FROM shares s
                              WHERE s.label_id = $1 AND s.user_id = u),
                             clock_timestamp())
             FROM unnest($2::uuid[], $3::text[], $4::text[]) AS m (u, h, g)
             ON CONFLICT (label_id, user_id) DO UPDATE
             SET hidden_fields = EXCLUDED.hidden_fields, via_groups = EXCLUDED.via_groups
             WHERE (sync_targets.hidden_fields, sync_targets.via_groups)
                   IS DISTINCT FROM (EXCLUDED.hidden_fields, EXCLUDED.via_groups)";

/// Makes `members` (user, hidden fields, groups through which shares reach them) the label's
/// members.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id))]
pub async fn set_targets(
    client: &impl GenericClient,
    label_id: Uuid,
    members: &[(Uuid, Vec<String>, Vec<String>)],
) -> Result<(), StorageError> {
    let users: Vec<Uuid> = members.iter().map(|(u, _, _)| *u).collect();
    // text[][] must be rectangular, so each list travels as one comma-joined string (neither
    // field keys nor group addresses hold commas).
    let hidden: Vec<String> = members.iter().map(|(_, h, _)| h.join(",")).collect();
    let groups: Vec<String> = members.iter().map(|(_, _, g)| g.join(",")).collect();
    // An anti-join, not `<> ALL ($2)`: with a generic plan the array would be scanned per row.
    let stmt = client.prepare_cached(SET_TARGETS_1).await?;
    client.execute(&stmt, &[&label_id, &users]).await?;
    let stmt = client.prepare_cached(SET_TARGETS_2).await?;
    client
        .execute(&stmt, &[&label_id, &users, &hidden, &groups])
        .await?;
    Ok(())
}

const ADD_PENDING_1: &str = "INSERT INTO sync_pending (user_id, label_id, contact_id, changed_at)
             SELECT u, $2, $3, $4 FROM unnest($1::uuid[]) AS u";

const ADD_PENDING_2: &str =
    "INSERT INTO sync_members (user_id, queued) SELECT u, 1 FROM unnest($1::uuid[]) AS u
             ON CONFLICT (user_id) DO UPDATE SET queued = sync_members.queued + 1";

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
    let stmt = client.prepare_cached(ADD_PENDING_1).await?;
    client
        .execute(&stmt, &[&members, &label_id, &contact_id, &changed_at])
        .await?;
    let stmt = client.prepare_cached(ADD_PENDING_2).await?;
    client.execute(&stmt, &[&members]).await?;
    Ok(())
}

const REFRESH_GROUPS_IF_DUE_1: &str = "UPDATE sync_schedule SET groups_refreshed_at = now()
             WHERE groups_refreshed_at < now() - make_interval(secs => $1::float8) RETURNING 1";

const REFRESH_GROUPS_IF_DUE_2: &str = "INSERT INTO sync_outbox (label_id, membership_only)
             SELECT DISTINCT label_id, true FROM shares WHERE grantee_kind = 'group'";

/// Re-expands group shares once per `seconds` across every process: true for the one process
/// that should do it now, which queues every label with a group share.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn refresh_groups_if_due(
    client: &impl GenericClient,
    seconds: f64,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(REFRESH_GROUPS_IF_DUE_1).await?;
    if client.query_opt(&stmt, &[&seconds]).await?.is_none() {
        return Ok(false);
    }
    let stmt = client.prepare_cached(REFRESH_GROUPS_IF_DUE_2).await?;
    client.execute(&stmt, &[]).await?;
    Ok(true)
}

//! Reading members' Google Contacts back: when each is due, their sync tokens, what they may do
//! on each label, and the records a change read back leaves (held deletions, a group gone).

use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::audit::{AuditAction, Origin};
use crate::domain::google_side::DeletionGuard;

use crate::domain::principal::Principal;
use crate::storage::StorageError;

use super::work::Lease;

/// Where a member's reads stand.
#[derive(Debug, Clone, Default)]
pub struct ReadState {
    /// A read is due now.
    pub due: bool,
    /// Token of the last `connections.list` read (`None`: read in full).
    pub people_token: Option<String>,
    /// Token of the last `contactGroups.list` read.
    pub groups_token: Option<String>,
}

const READ_STATE: &str = "SELECT read_due_at <= now() AS due, people_sync_token, groups_sync_token
             FROM sync_members WHERE user_id = $1";

/// Whether `user`'s Google Contacts are due to be read, and from which tokens.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn read_state(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<ReadState, StorageError> {
    let stmt = client.prepare_cached(READ_STATE).await?;
    let Some(row) = client.query_opt(&stmt, &[&user]).await? else {
        return Ok(ReadState::default());
    };
    Ok(ReadState {
        due: row.try_get::<_, Option<bool>>("due")?.unwrap_or(false),
        people_token: row.try_get("people_sync_token")?,
        groups_token: row.try_get("groups_sync_token")?,
    })
}

const SAVE_TOKENS: &str = "UPDATE sync_members SET people_sync_token = $3, groups_sync_token = $4,
                    last_read_at = now()
             WHERE user_id = $1 AND lease_owner = $2";

/// Records where the next read starts, once everything read was applied (a run stopped before
/// reads the same changes again, and finds them applied). False if the lease was lost.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save_tokens(
    client: &impl GenericClient,
    lease: Lease,
    people: &str,
    groups: &str,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(SAVE_TOKENS).await?;
    Ok(client
        .execute(&stmt, &[&lease.user, &lease.token, &people, &groups])
        .await?
        == 1)
}

/// A member's standing on one label, as the sync found it.
#[derive(Debug, Clone)]
pub struct Standing {
    /// The member, as authorization sees them on this label.
    pub who: Principal,
    /// Their role's rank now (0: none).
    pub rank: i16,
    /// Fields hidden from them.
    pub hidden: Vec<String>,
    /// The label's name.
    pub label_name: String,
    /// Live contacts in the label.
    pub size: i32,
    /// The mass-deletion guard the label owner's domain set, if its admins set one.
    pub guard: Option<DeletionGuard>,
}

const STANDING: &str = "
SELECT u.email, u.hd, t.via_groups, t.hidden_fields, l.name, l.contact_count,
       COALESCE(label_role(l.id, u.id, t.via_groups), 0)::smallint AS rank,
       p.guard_permille, p.guard_at_least
FROM sync_targets t JOIN labels l ON l.id = t.label_id JOIN users u ON u.id = t.user_id
JOIN users o ON o.id = l.owner_id LEFT JOIN domain_policies p ON p.domain = o.hd
WHERE t.label_id = $1 AND t.user_id = $2";

/// What `user` may do on `label` now, through the shares fan-out found reaching them; `None`
/// when the label is no longer synced to them (their changes there are not taken).
#[tracing::instrument(level = "debug", skip_all, fields(label = %label, user = %user))]
pub async fn standing(
    client: &impl GenericClient,
    label: Uuid,
    user: Uuid,
) -> Result<Option<Standing>, StorageError> {
    let stmt = client.prepare_cached(STANDING).await?;
    let Some(row) = client.query_opt(&stmt, &[&label, &user]).await? else {
        return Ok(None);
    };
    Ok(Some(Standing {
        who: Principal {
            user_id: user,
            email: row.try_get("email")?,
            domain: row.try_get("hd")?,
            groups: row.try_get("via_groups")?,
        },
        rank: row.try_get("rank")?,
        hidden: row.try_get("hidden_fields")?,
        label_name: row.try_get("name")?,
        size: row.try_get("contact_count")?,
        guard: match (
            row.try_get::<_, Option<i32>>("guard_permille")?,
            row.try_get::<_, Option<i32>>("guard_at_least")?,
        ) {
            (Some(permille), Some(at_least)) => {
                Some(DeletionGuard::from_stored(permille, at_least))
            }
            _ => None,
        },
    }))
}

const STOP_SYNCING_1: &str = "INSERT INTO sync_opt_outs (user_id, label_id, reason)
             VALUES ($1, $2, 'group_deleted') ON CONFLICT DO NOTHING";
const STOP_SYNCING_2: &str = "DELETE FROM sync_groups WHERE user_id = $1 AND label_id = $2";

/// The member deleted our group for `label` in Google Contacts: their sync of it is switched off
/// (the homepage says why), and the group, gone, is forgotten.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label, user = %user))]
pub async fn stop_syncing(
    client: &impl GenericClient,
    user: Uuid,
    label: Uuid,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(STOP_SYNCING_1).await?;
    client.execute(&stmt, &[&user, &label]).await?;
    let stmt = client.prepare_cached(STOP_SYNCING_2).await?;
    client.execute(&stmt, &[&user, &label]).await?;
    Ok(())
}

const SET_GROUP_NAME: &str =
    "UPDATE sync_groups SET name = $3, google_name = $3 WHERE user_id = $1 AND label_id = $2";

/// Records the name our group has now in the member's Google Contacts.
///
/// After the owner renamed the label there, it is the label's name now; before putting back
/// another member's rename, the next run of the label renames it back.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label, user = %user))]
pub async fn set_group_name(
    client: &impl GenericClient,
    user: Uuid,
    label: Uuid,
    name: &str,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SET_GROUP_NAME).await?;
    client.execute(&stmt, &[&user, &label, &name]).await?;
    Ok(())
}

const HOLD_DELETIONS: &str = "
WITH held AS (
    INSERT INTO held_deletions (id, label_id, member_id, contact_ids) VALUES ($1, $2, $3, $4)
    RETURNING label_id
)
SELECT audit($3, $5, l.owner_id, l.id, l.name, '', cardinality($4::uuid[]) || ' contacts', $6)
FROM held h JOIN labels l ON l.id = h.label_id";

/// Holds deletions a member made in one read, for the owner (or the domain's admins) to approve
/// or dismiss; recorded in the audit log.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label, user = %user))]
pub async fn hold_deletions(
    client: &impl GenericClient,
    label: Uuid,
    user: Uuid,
    contacts: &[Uuid],
) -> Result<Uuid, StorageError> {
    let id = Uuid::new_v4();
    let stmt = client.prepare_cached(HOLD_DELETIONS).await?;
    client
        .execute(
            &stmt,
            &[
                &id,
                &label,
                &user,
                &contacts,
                &AuditAction::DeletionsHeld.as_str(),
                &Origin::GoogleContacts.as_str(),
            ],
        )
        .await?;
    Ok(id)
}

const READ_NOW: &str = "
WITH due AS (
    UPDATE sync_members SET read_due_at = now(), next_attempt_at = least(next_attempt_at, now())
    WHERE user_id = $1 AND read_due_at IS NOT NULL
    RETURNING 1)
SELECT count(*) AS n, (SELECT pg_notify('sharebook_sync', '') FROM due LIMIT 1) IS NOT NULL AS woke
FROM due";

/// "Sync now": reads the user's Google Contacts at once (and retries a failing sync now). False
/// when nothing of Sharebook's is in their Google Contacts yet.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn read_now(client: &impl GenericClient, user: Uuid) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(READ_NOW).await?;
    let n: i64 = client.query_one(&stmt, &[&user]).await?.try_get("n")?;
    Ok(n > 0)
}

const MARK_ACTIVE: &str = "
WITH before AS (SELECT last_active_at FROM users WHERE id = $1),
marked AS (UPDATE users SET last_active_at = now() WHERE id = $1),
due AS (
    UPDATE sync_members m SET read_due_at = now()
    WHERE m.user_id = $1 AND m.read_due_at > now()
      AND NOT EXISTS (SELECT 1 FROM before b
                      WHERE b.last_active_at > now() - make_interval(secs => $2::float8))
    RETURNING 1)
SELECT (SELECT pg_notify('sharebook_sync', '') FROM due LIMIT 1) IS NOT NULL AS woke";

/// Records that `user` uses the side panel: their Google Contacts are read often from now on, and
/// at once if they were not seen within `window_seconds`.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn mark_active(
    client: &impl GenericClient,
    user: Uuid,
    window_seconds: f64,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(MARK_ACTIVE).await?;
    client.query_one(&stmt, &[&user, &window_seconds]).await?;
    Ok(())
}

const NEXT_DUE: &str = "
SELECT extract(epoch FROM least(
    (SELECT min(next_attempt_at) FROM sync_members
     WHERE queued > done AND (lease_until IS NULL OR lease_until < now())),
    (SELECT min(greatest(read_due_at, next_attempt_at)) FROM sync_members
     WHERE read_due_at IS NOT NULL AND (lease_until IS NULL OR lease_until < now()))
) - now())::float8 AS seconds";

/// Seconds until some member not being synced now has work or a read due (negative: already),
/// `None` when none has.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn next_due(client: &impl GenericClient) -> Result<Option<f64>, StorageError> {
    let stmt = client.prepare_cached(NEXT_DUE).await?;
    Ok(client.query_one(&stmt, &[]).await?.try_get("seconds")?)
}

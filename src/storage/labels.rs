//! Labels: named sets of contacts with one owner. Every read is filtered for the caller in SQL.
//!
//! Triggers its writes fire: `label_access_labels_*` (a new label, a new owner or a rename
//! rewrites the label's `label_access` rows), `change_counters_label_renamed` and `sync_labels_*`
//! (members' Google Contacts follow).

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;
use uuid::Uuid;

use super::sync::SyncStatus;
use super::{StorageError, query_column};
use crate::domain::audit::{AuditAction, Origin};
use crate::domain::label::LabelName;
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::domain::share::MAX_GRANTABLE;

/// A label as one member sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelView {
    /// Label id.
    pub id: Uuid,
    /// Label name.
    pub name: String,
    /// The caller's effective role on it.
    pub role: Role,
    /// Contacts in it (not counting deleted ones).
    pub contact_count: i64,
}

impl LabelView {
    fn from_row(row: &Row) -> Result<Self, StorageError> {
        let rank: i16 = row.try_get("role_rank")?;
        Ok(Self {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: Role::from_rank(rank)
                .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
            contact_count: row.try_get("contact_count")?,
        })
    }
}

const INSERT_LABEL: &str = "
WITH made AS (INSERT INTO labels (id, owner_id, name) VALUES ($1, $2, $3) RETURNING id, name)
SELECT m.id, audit($2, $4, $2, m.id, m.name, '', '', $5) FROM made m";

/// Creates a label owned by `owner`, with its audit entry. A name the owner already uses (in any
/// case) is a conflict.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert_label(
    client: &impl GenericClient,
    owner: Uuid,
    name: &LabelName,
) -> Result<Uuid, StorageError> {
    let stmt = client.prepare_cached(INSERT_LABEL).await?;
    let row = client
        .query_one(
            &stmt,
            &[
                &Uuid::new_v4(),
                &owner,
                &name.as_str(),
                &AuditAction::LabelCreated.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await
        .map_err(StorageError::classify)?;
    Ok(row.try_get("id")?)
}

/// The caller's sync status as four columns of init plans: uncorrelated sub-selects run once
/// per execution, so the homepage gets it for three primary-key probes, not another statement.
const SYNC_STATUS_COLUMNS: &str = ",
    (SELECT CASE WHEN m.queued > m.done
                 THEN (SELECT count(*) FROM sync_pending p WHERE p.user_id = $1)
                 ELSE 0 END
     FROM sync_members m WHERE m.user_id = $1) AS sync_pending,
    (SELECT m.last_error FROM sync_members m WHERE m.user_id = $1) AS last_error,
    (SELECT m.last_synced_at FROM sync_members m WHERE m.user_id = $1) AS last_synced_at,
    (SELECT array_agg(o.label_id) FROM sync_opt_outs o
     WHERE o.user_id = $1 AND o.reason = 'group_deleted') AS sync_stopped,
    (SELECT array_agg(f.label_id ORDER BY f.label_id) FROM crm_feeds f
     WHERE f.connected_by = $1 AND f.state = 'paused') AS feeds_paused,
    (SELECT array_agg(coalesce(f.last_success_at, 'epoch') ORDER BY f.label_id) FROM crm_feeds f
     WHERE f.connected_by = $1 AND f.state = 'paused') AS feeds_paused_last_success,
    (SELECT array_agg(i.id ORDER BY i.created_at) FROM file_imports i
     WHERE i.user_id = $1 AND i.state = 'preview') AS imports_waiting,
    (SELECT array_agg(i.file_name ORDER BY i.created_at) FROM file_imports i
     WHERE i.user_id = $1 AND i.state = 'preview') AS imports_waiting_files";

/// The caller's labels by name (`$1` the caller, the limit last), with the sync status columns
/// if asked. With `groups`, `$2` holds the caller's groups and their shares count too; without,
/// the statement reads `label_access` alone (most callers are in no group with shares).
fn listing_sql(groups: bool, sync_status: bool) -> String {
    let status = if sync_status { SYNC_STATUS_COLUMNS } else { "" };
    if groups {
        super::access::caller_labels_by_name("$1", Some("$2"), None, "$3", status)
    } else {
        super::access::caller_labels_by_name("$1", None, None, "$2", status)
    }
}

/// Runs the listing statement that fits `who`.
async fn listing(
    client: &impl GenericClient,
    who: &Principal,
    limit: i64,
    sync_status: bool,
) -> Result<Vec<Row>, StorageError> {
    static STATEMENTS: LazyLock<[String; 4]> = LazyLock::new(|| {
        [
            listing_sql(false, false),
            listing_sql(false, true),
            listing_sql(true, false),
            listing_sql(true, true),
        ]
    });
    let groups = !who.groups.is_empty();
    let sql = STATEMENTS
        .get(usize::from(groups) * 2 + usize::from(sync_status))
        .ok_or_else(|| StorageError::Corrupt("no listing statement".into()))?;
    let stmt = client.prepare_cached(sql).await?;
    Ok(if groups {
        client
            .query(&stmt, &[&who.user_id, &who.groups, &limit])
            .await?
    } else {
        client.query(&stmt, &[&who.user_id, &limit]).await?
    })
}

/// The labels `who` can see (at most `limit`, by name) and where their Google Contacts stand.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn home_listing(
    client: &impl GenericClient,
    who: &Principal,
    limit: i64,
) -> Result<(Vec<LabelView>, SyncStatus), StorageError> {
    let rows = listing(client, who, limit, true).await?;
    let Some(first) = rows.first() else {
        // No label, so no row to carry the status: ask for it alone.
        return Ok((Vec::new(), super::sync::status(client, who.user_id).await?));
    };
    let status = SyncStatus {
        pending: first
            .try_get::<_, Option<i64>>("sync_pending")?
            .unwrap_or(0),
        last_error: first.try_get("last_error")?,
        last_synced_at: first.try_get("last_synced_at")?,
        stopped: first
            .try_get::<_, Option<Vec<Uuid>>>("sync_stopped")?
            .unwrap_or_default(),
        feeds_paused: first
            .try_get::<_, Option<Vec<Uuid>>>("feeds_paused")?
            .unwrap_or_default()
            .into_iter()
            .zip(
                first
                    .try_get::<_, Option<Vec<DateTime<Utc>>>>("feeds_paused_last_success")?
                    .unwrap_or_default()
                    .into_iter()
                    .map(|t| Some(t).filter(|t| t.timestamp() > 0)),
            )
            .collect(),
        imports_waiting: first
            .try_get::<_, Option<Vec<Uuid>>>("imports_waiting")?
            .unwrap_or_default()
            .into_iter()
            .zip(
                first
                    .try_get::<_, Option<Vec<String>>>("imports_waiting_files")?
                    .unwrap_or_default(),
            )
            .collect(),
    };
    let labels = rows
        .iter()
        .map(LabelView::from_row)
        .collect::<Result<_, _>>()?;
    Ok((labels, status))
}

/// The labels `who` can see, by name, at most `limit` of them.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list_labels_for_user(
    client: &impl GenericClient,
    who: &Principal,
    limit: i64,
) -> Result<Vec<LabelView>, StorageError> {
    let rows = listing(client, who, limit, false).await?;
    rows.iter().map(LabelView::from_row).collect()
}

const GET_LABEL_FOR_USER: &str = "
SELECT l.id, l.name, r.rank AS role_rank,
       l.contact_count::bigint AS contact_count
FROM labels l, LATERAL (SELECT label_role(l.id, $2, $3) AS rank) r
WHERE l.id = $1 AND r.rank >= $4";

/// One label, only if `who` can see it.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn get_label_for_user(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Option<LabelView>, StorageError> {
    let stmt = client.prepare_cached(GET_LABEL_FOR_USER).await?;
    let row = client
        .query_opt(
            &stmt,
            &super::acting_on(&label, who, &Action::View.min_rank()),
        )
        .await?;
    row.as_ref().map(LabelView::from_row).transpose()
}

const GROUPS_WITH_SHARES: &str = "
SELECT DISTINCT grantee FROM shares
WHERE grantee_kind = 'group' AND split_part(grantee, '@', 2) = ANY ($1)";

/// Google Groups in the given domains that some label is shared with: the only groups whose
/// membership matters for authorization.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn groups_with_shares(
    client: &impl GenericClient,
    domains: &[String],
) -> Result<Vec<String>, StorageError> {
    query_column(client, GROUPS_WITH_SHARES, &[&domains], "grantee").await
}

const RENAME_LABEL: &str = "
WITH old AS (SELECT id, name FROM labels WHERE id = $1 AND owner_id = $2 FOR UPDATE),
renamed AS (
    UPDATE labels l SET name = $3, updated_at = now() FROM old
    WHERE l.id = old.id AND l.name IS DISTINCT FROM $3
    RETURNING l.id, l.name, old.name AS old_name
)
SELECT r.id, audit($2, $4, $2, r.id, r.name, '', r.old_name || ' → ' || r.name, $5) FROM renamed r
UNION ALL
SELECT o.id, false FROM old o WHERE o.name = $3";

/// Renames a label; only its owner may. `Ok(false)` when refused, `Conflict` when the owner
/// already has a label of that name.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn rename_label(
    client: &impl GenericClient,
    id: Uuid,
    owner: Uuid,
    name: &LabelName,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(RENAME_LABEL).await?;
    let row = client
        .query_opt(
            &stmt,
            &[
                &id,
                &owner,
                &name.as_str(),
                &AuditAction::LabelRenamed.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await
        .map_err(StorageError::classify)?;
    Ok(row.is_some())
}

const DELETE_LABEL: &str = "
WITH gone AS (DELETE FROM labels WHERE id = $1 AND owner_id = $2 RETURNING id, name)
SELECT g.id, audit($2, $3, $2, g.id, g.name, '', '', $4) FROM gone g";

/// Deletes a label with its contacts, comments and shares; only its owner may.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn delete_label(
    client: &impl GenericClient,
    id: Uuid,
    owner: Uuid,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(DELETE_LABEL).await?;
    Ok(client
        .query_opt(
            &stmt,
            &[
                &id,
                &owner,
                &AuditAction::LabelDeleted.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await?
        .is_some())
}

/// A member a label can be handed to: someone with a direct share who has used Sharebook.
#[derive(Debug, Clone)]
pub struct Member {
    /// User id.
    pub user_id: Uuid,
    /// Email.
    pub email: String,
}

const TRANSFER_CANDIDATES: &str = "
SELECT u.id, u.email FROM shares s JOIN labels l ON l.id = s.label_id JOIN users u ON u.id = s.user_id
WHERE s.label_id = $1 AND l.owner_id = $2 AND s.grantee_kind = 'user'
ORDER BY u.email";

/// Members the owner may transfer the label to.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn transfer_candidates(
    client: &impl GenericClient,
    id: Uuid,
    owner: Uuid,
) -> Result<Vec<Member>, StorageError> {
    let stmt = client.prepare_cached(TRANSFER_CANDIDATES).await?;
    let rows = client.query(&stmt, &[&id, &owner]).await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                user_id: r.try_get("id")?,
                email: r.try_get("email")?,
            })
        })
        .collect()
}

const TRANSFER: &str = "
WITH moved AS (
    UPDATE labels l SET owner_id = $3, updated_at = now()
    WHERE l.id = $1 AND l.owner_id = $2
      AND EXISTS (SELECT 1 FROM shares s WHERE s.label_id = $1 AND s.grantee_kind = 'user' AND s.user_id = $3)
      AND NOT EXISTS (SELECT 1 FROM labels o WHERE o.owner_id = $3 AND lower(o.name) = lower(l.name))
    RETURNING l.id, l.name
)
SELECT m.id, audit($2, $4, $3, m.id, m.name, (SELECT email FROM users WHERE id = $3),
                   'from ' || (SELECT email FROM users WHERE id = $2), $5) FROM moved m";

const DROP_NEW_OWNER_SHARE: &str =
    "DELETE FROM shares WHERE label_id = $1 AND grantee_kind = 'user' AND user_id = $2";

const KEEP_OLD_OWNER_AS_MANAGER: &str = "
INSERT INTO shares (id, label_id, grantee_kind, grantee, user_id, role_rank, created_by)
SELECT $1, $2, 'user', lower(u.email), u.id, $4::smallint, $3 FROM users u WHERE u.id = $3
ON CONFLICT (label_id, grantee_kind, grantee) DO UPDATE SET role_rank = $4, user_id = EXCLUDED.user_id";

/// Hands a label to a member with a direct share; the old owner stays on as manager. Recorded in
/// the audit log.
///
/// `false` when refused (not the owner, not a member, or the new owner already has a label of that name).
/// Run inside a transaction.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn transfer_label(
    client: &impl GenericClient,
    id: Uuid,
    owner: Uuid,
    to: Uuid,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(TRANSFER).await?;
    if client
        .query_opt(
            &stmt,
            &[
                &id,
                &owner,
                &to,
                &AuditAction::OwnershipTransferred.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let stmt = client.prepare_cached(DROP_NEW_OWNER_SHARE).await?;
    client.execute(&stmt, &[&id, &to]).await?;
    let stmt = client.prepare_cached(KEEP_OLD_OWNER_AS_MANAGER).await?;
    client
        .execute(
            &stmt,
            &[&Uuid::new_v4(), &id, &owner, &MAX_GRANTABLE.rank()],
        )
        .await?;
    Ok(true)
}

/// Every statement this module assembles with `format!`, as it runs (for the SQL snapshot).
#[cfg(test)]
pub(crate) fn assembled() -> Vec<(&'static str, String)> {
    vec![
        ("labels::listing", listing_sql(false, false)),
        ("labels::listing (sync status)", listing_sql(false, true)),
        (
            "labels::listing (caller in groups)",
            listing_sql(true, false),
        ),
        (
            "labels::listing (caller in groups, sync status)",
            listing_sql(true, true),
        ),
    ]
}

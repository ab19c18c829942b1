//! The audit log: entries written with the action they record (the `audit()` SQL function, called
//! in the action's statement or transaction), read by the domain's admins, pruned by retention.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::audit::{AuditAction, AuditFilter, Origin};

/// One action to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// What was done.
    pub action: AuditAction,
    /// Who did it.
    pub actor: Uuid,
    /// The owner of the label concerned, whose domain's admins see the entry; `None` for an
    /// action on no label (the actor's domain then).
    pub owner: Option<Uuid>,
    /// The label concerned.
    pub label: Option<Uuid>,
    /// Its name at the time.
    pub label_name: &'a str,
    /// Whom or what the action was about.
    pub subject: &'a str,
    /// Before → after, or the role given.
    pub detail: &'a str,
    /// Where it came from.
    pub via: Origin,
}

const RECORD: &str = "SELECT audit($1, $2, $3, $4, $5, $6, $7, $8)";

/// Records `entry`. Call it inside the transaction of the action it records.
pub async fn record(
    tx: &deadpool_postgres::Transaction<'_>,
    entry: &Entry<'_>,
) -> Result<(), StorageError> {
    let stmt = tx.prepare_cached(RECORD).await?;
    tx.execute(
        &stmt,
        &[
            &entry.actor,
            &entry.action.as_str(),
            &entry.owner,
            &entry.label,
            &entry.label_name,
            &entry.subject,
            &entry.detail,
            &entry.via.as_str(),
        ],
    )
    .await?;
    Ok(())
}

/// One entry as an admin reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// Its position (newest is highest).
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor_email: String,
    /// What.
    pub action: AuditAction,
    /// The label's name at the time, if any.
    pub label_name: Option<String>,
    /// The label's id, if any.
    pub label_id: Option<Uuid>,
    /// Whom or what.
    pub subject: String,
    /// Details.
    pub detail: String,
    /// From where.
    pub via: Origin,
}

/// Entries of `$1`'s domain matching the filter, newest first, below the id `$7`, at most `$8`.
/// `$2` actor address part, `$3` label id, `$4` label name part, `$5` action, `$6`/`$9` the day
/// range, inclusive.
const LIST: &str = "
SELECT id, at, actor_email, action, label_name, label_id, subject, detail, via FROM audit_log
WHERE domain = $1
  AND ($2::text IS NULL OR strpos(lower(actor_email), $2) > 0)
  AND ($3::uuid IS NULL OR label_id = $3)
  AND ($4::text IS NULL OR strpos(lower(label_name), lower($4)) > 0)
  AND ($5::text IS NULL OR action = $5)
  AND ($6::date IS NULL OR at >= $6::date)
  AND ($9::date IS NULL OR at < $9::date + 1)
  AND id < $7
ORDER BY id DESC
LIMIT $8";

/// A page of `domain`'s log, newest first, older than `before` (an entry id).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    client: &impl GenericClient,
    domain: &str,
    filter: &AuditFilter,
    before: i64,
    limit: i64,
) -> Result<Vec<Logged>, StorageError> {
    let label_id = filter.label_id();
    let label_name = if label_id.is_some() {
        None
    } else {
        filter.label.clone()
    };
    let stmt = client.prepare_cached(LIST).await?;
    let rows = client
        .query(
            &stmt,
            &[
                &domain,
                &filter.user,
                &label_id,
                &label_name,
                &filter.action,
                &filter.from,
                &before,
                &limit,
                &filter.until,
            ],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let action: String = r.try_get("action")?;
            let via: String = r.try_get("via")?;
            Ok(Logged {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor_email: r.try_get("actor_email")?,
                action: AuditAction::parse(&action)
                    .ok_or_else(|| StorageError::Corrupt(format!("audit action {action}")))?,
                label_name: r.try_get("label_name")?,
                label_id: r.try_get("label_id")?,
                subject: r.try_get("subject")?,
                detail: r.try_get("detail")?,
                via: Origin::parse(&via)
                    .ok_or_else(|| StorageError::Corrupt(format!("audit origin {via}")))?,
            })
        })
        .collect()
}

const PRUNE: &str = "SELECT prune_audit_log($1)";

/// Removes entries older than `keep_days`; how many.
pub async fn prune(client: &impl GenericClient, keep_days: i32) -> Result<i64, StorageError> {
    let stmt = client.prepare_cached(PRUNE).await?;
    Ok(client.query_one(&stmt, &[&keep_days]).await?.try_get(0)?)
}

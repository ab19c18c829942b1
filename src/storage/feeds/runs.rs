//! The feed worker's side of CRM feeds: claiming a due feed under a lease, fencing each write
//! with it, recording the run, and what became of each party.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::{AuthKind, Feed, FeedState, PartyRecord};
use crate::domain::contact::ContactData;
use crate::domain::permission::Action;
use crate::sealed::Sealed;
use crate::storage::StorageError;

const CLAIM: &str = "
UPDATE crm_feeds f SET lease_owner = $1, lease_until = now() + make_interval(secs => $2),
    last_run_at = now()
FROM users u
WHERE f.label_id = (
        SELECT label_id FROM crm_feeds
        WHERE state IN ('importing', 'live') AND due_at <= now()
          AND (lease_until IS NULL OR lease_until < now()) AND NOT (label_id = ANY($3))
        ORDER BY due_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
  AND u.id = f.connected_by
RETURNING f.label_id, f.connected_by, u.email, f.account_url, f.auth_kind, f.secret_key_id, f.secret,
          f.tags, f.state, f.watermark, f.import_pages, f.import_started_at, f.failures,
          f.rate_limit, f.rate_remaining, f.rate_reset_at";

/// Takes the lease of one feed that is due and not running anywhere (`busy`: running here).
pub async fn claim(
    client: &impl GenericClient,
    worker: Uuid,
    lease_secs: f64,
    busy: &[Uuid],
) -> Result<Option<Feed>, StorageError> {
    let stmt = client.prepare_cached(CLAIM).await?;
    let Some(r) = client
        .query_opt(&stmt, &[&worker, &lease_secs, &busy])
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Feed {
        label_id: r.try_get("label_id")?,
        connected_by: r.try_get("connected_by")?,
        connector_email: r.try_get("email")?,
        account_url: r.try_get("account_url")?,
        auth: AuthKind::from_key(r.try_get("auth_kind")?)?,
        sealed: Sealed {
            key_id: r.try_get("secret_key_id")?,
            bytes: r.try_get("secret")?,
        },
        tags: r.try_get("tags")?,
        state: FeedState::from_key(r.try_get("state")?)?,
        watermark: r.try_get("watermark")?,
        import_pages: r.try_get("import_pages")?,
        import_started_at: r.try_get("import_started_at")?,
        failures: r.try_get("failures")?,
        budget: match (
            r.try_get::<_, Option<i32>>("rate_limit")?,
            r.try_get::<_, Option<i32>>("rate_remaining")?,
            r.try_get::<_, Option<DateTime<Utc>>>("rate_reset_at")?,
        ) {
            (Some(limit), Some(remaining), Some(reset)) => Some(crate::capsule::client::Budget {
                limit: u32::try_from(limit).unwrap_or(0),
                remaining: u32::try_from(remaining).unwrap_or(0),
                reset,
            }),
            _ => None,
        },
    }))
}

const NEXT_DUE: &str = "
SELECT extract(epoch FROM min(due_at) - now())::float8 AS secs FROM crm_feeds
WHERE state IN ('importing', 'live') AND (lease_until IS NULL OR lease_until < now())";

/// Seconds until the next feed falls due (negative: overdue), if any.
pub async fn next_due(client: &impl GenericClient) -> Result<Option<f64>, StorageError> {
    let stmt = client.prepare_cached(NEXT_DUE).await?;
    Ok(client.query_one(&stmt, &[]).await?.try_get("secs")?)
}

const FENCE: &str = "
UPDATE crm_feeds SET lease_until = now() + make_interval(secs => $3)
WHERE label_id = $1 AND lease_owner = $2 AND lease_until > now()
RETURNING 1";

/// Renews the lease inside a write transaction, locking the feed's row until it commits:
/// `false` means another worker took over (this run stalled) and must write nothing.
pub async fn fence(
    client: &impl GenericClient,
    label: Uuid,
    worker: Uuid,
    lease_secs: f64,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(FENCE).await?;
    Ok(client
        .query_opt(&stmt, &[&label, &worker, &lease_secs])
        .await?
        .is_some())
}

const SAVE_PROGRESS: &str = "
UPDATE crm_feeds SET import_pages = COALESCE($2, import_pages),
    import_started_at = CASE WHEN $2 IS NULL THEN import_started_at ELSE COALESCE(import_started_at, $3) END,
    unreadable = unreadable + $4, unreadable_reason = COALESCE($5, unreadable_reason)
-- The owner chose other tags meanwhile: that import starts over, this run's progress is moot.
WHERE label_id = $1 AND tags IS NOT DISTINCT FROM $6";

/// After a page is applied: first-import progress (`None` for a live read), and parties that
/// could not be identified. `tags`: the choice the run started with.
pub async fn save_progress(
    client: &impl GenericClient,
    feed: &Feed,
    import_pages: Option<i32>,
    started: DateTime<Utc>,
    unreadable: i32,
    reason: Option<&str>,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SAVE_PROGRESS).await?;
    client
        .execute(
            &stmt,
            &[
                &feed.label_id,
                &import_pages,
                &started,
                &unreadable,
                &reason,
                &feed.tags,
            ],
        )
        .await?;
    Ok(())
}

const SAVE_CREDENTIALS: &str = "
UPDATE crm_feeds SET secret_key_id = $2, secret = $3 WHERE label_id = $1";

/// Stores refreshed (or re-sealed) credentials.
pub async fn save_credentials(
    client: &impl GenericClient,
    label: Uuid,
    sealed: &Sealed,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SAVE_CREDENTIALS).await?;
    client
        .execute(&stmt, &[&label, &sealed.key_id, &sealed.bytes])
        .await?;
    Ok(())
}

/// How a run ended.
#[derive(Debug, Clone)]
pub enum RunEnd {
    /// Everything read and applied: the new watermark; runs again after the poll interval.
    Done {
        /// Start of this complete read.
        watermark: DateTime<Utc>,
    },
    /// Stopped short for a reason worth retrying (5xx, timeout, rate limit): runs again at
    /// `retry_at`. `failure` counts towards the backoff (a rate limit does not).
    Retry {
        /// When to run again.
        retry_at: DateTime<Utc>,
        /// What went wrong, for the card.
        error: String,
        /// Whether it counts as a failure.
        failure: bool,
    },
    /// The credentials were refused, or the connector lost the label: paused until reconnected.
    Pause {
        /// Why, in the owner's words.
        reason: String,
    },
}

const FINISH: &str = "
UPDATE crm_feeds SET lease_owner = NULL, lease_until = NULL, requests = requests + $3,
    -- Tags changed during the run: the import they asked for is still to do.
    state = CASE WHEN $4 = 'pause' THEN 'paused'
                 WHEN $4 = 'done' AND tags IS NOT DISTINCT FROM $10 THEN 'live' ELSE state END,
    paused_reason = CASE WHEN $4 = 'pause' THEN $6 ELSE NULL END,
    watermark = CASE WHEN $4 = 'done' AND tags IS NOT DISTINCT FROM $10 THEN $5 ELSE watermark END,
    failures = CASE WHEN $4 = 'done' THEN 0 WHEN $7 THEN failures + 1 ELSE failures END,
    last_error = CASE WHEN $4 = 'done' THEN NULL ELSE $6 END,
    last_success_at = CASE WHEN $4 = 'done' THEN now() ELSE last_success_at END,
    -- A hook or Sync now during the run: run again at once.
    due_at = CASE WHEN hinted_at > $8 AND $4 = 'done' THEN now() ELSE $9 END,
    rate_limit = COALESCE($11, rate_limit), rate_remaining = COALESCE($12, rate_remaining),
    rate_reset_at = COALESCE($13, rate_reset_at)
WHERE label_id = $1 AND lease_owner = $2";

/// What a run did, recorded when it releases its lease.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// Requests it made to the CRM.
    pub requests: i64,
    /// When it began.
    pub started: DateTime<Utc>,
    /// When it runs next if nothing asks sooner (the poll interval from now).
    pub next: DateTime<Utc>,
    /// How it ended.
    pub end: RunEnd,
    /// What the CRM last said of the hourly allowance.
    pub budget: Option<crate::capsule::client::Budget>,
}

/// Releases the lease with the run's outcome.
pub async fn finish(
    client: &impl GenericClient,
    feed: &Feed,
    worker: Uuid,
    run: &RunRecord,
) -> Result<(), StorageError> {
    let RunRecord {
        requests,
        started,
        next,
        end,
        budget,
    } = run;
    let (requests, started, next, budget) = (*requests, *started, *next, *budget);
    let (kind, watermark, message, failure, due) = match end {
        RunEnd::Done { watermark } => ("done", Some(*watermark), None, false, next),
        RunEnd::Retry {
            retry_at,
            error,
            failure,
        } => ("retry", None, Some(error.as_str()), *failure, *retry_at),
        RunEnd::Pause { reason } => ("pause", None, Some(reason.as_str()), false, next),
    };
    let stmt = client.prepare_cached(FINISH).await?;
    let (limit, remaining, reset) = match budget {
        Some(b) => (
            Some(i32::try_from(b.limit).unwrap_or(i32::MAX)),
            Some(i32::try_from(b.remaining).unwrap_or(i32::MAX)),
            Some(b.reset),
        ),
        None => (None, None, None),
    };
    client
        .execute(
            &stmt,
            &[
                &feed.label_id,
                &worker,
                &requests,
                &kind,
                &watermark,
                &message,
                &failure,
                &started,
                &due,
                &feed.tags,
                &limit,
                &remaining,
                &reset,
            ],
        )
        .await?;
    Ok(())
}

const PARTIES: &str = "
SELECT party_id, contact_id, sent, status FROM crm_parties
WHERE label_id = $1 AND party_id = ANY($2)";

/// What the feed last did with each of `ids`.
pub async fn parties(
    client: &impl GenericClient,
    label: Uuid,
    ids: &[i64],
) -> Result<HashMap<i64, PartyRecord>, StorageError> {
    let stmt = client.prepare_cached(PARTIES).await?;
    client
        .query(&stmt, &[&label, &ids])
        .await?
        .iter()
        .map(|r| {
            let sent: Option<serde_json::Value> = r.try_get("sent")?;
            let sent = sent
                .map(serde_json::from_value)
                .transpose()
                .map_err(|e| StorageError::Corrupt(format!("crm_parties.sent: {e}")))?;
            Ok((
                r.try_get("party_id")?,
                PartyRecord {
                    contact_id: r.try_get("contact_id")?,
                    sent,
                    status: r.try_get("status")?,
                },
            ))
        })
        .collect()
}

const SAVE_PARTY: &str = "
INSERT INTO crm_parties (label_id, party_id, contact_id, sent, name, status, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (label_id, party_id) DO UPDATE SET contact_id = EXCLUDED.contact_id,
    sent = EXCLUDED.sent, name = EXCLUDED.name, status = EXCLUDED.status, reason = EXCLUDED.reason,
    changed_at = now()";

/// Records what became of one party.
#[allow(clippy::too_many_arguments)]
pub async fn save_party(
    client: &impl GenericClient,
    label: Uuid,
    party: i64,
    contact: Option<Uuid>,
    sent: Option<&ContactData>,
    name: &str,
    status: &str,
    reason: Option<&str>,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SAVE_PARTY).await?;
    let sent = sent
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
    client
        .execute(
            &stmt,
            &[&label, &party, &contact, &sent, &name, &status, &reason],
        )
        .await?;
    Ok(())
}

const IS_LIVE: &str = "SELECT deleted_at IS NULL AS live FROM contacts WHERE id = $1";

/// Whether a contact exists and is not deleted (`None`: it is gone for good).
pub async fn contact_live(
    client: &impl GenericClient,
    contact: Uuid,
) -> Result<Option<bool>, StorageError> {
    let stmt = client.prepare_cached(IS_LIVE).await?;
    Ok(client
        .query_opt(&stmt, &[&contact])
        .await?
        .map(|r| r.try_get("live"))
        .transpose()?)
}

const STILL_OWNS: &str = "SELECT label_role($1, $2, '{}') >= $3 AS owns";

/// Whether the connector still may run the feed (they may have handed the label over).
pub async fn connector_may_run(
    client: &impl GenericClient,
    label: Uuid,
    connector: Uuid,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(STILL_OWNS).await?;
    Ok(client
        .query_one(&stmt, &[&label, &connector, &Action::ManageFeed.min_rank()])
        .await?
        .try_get::<_, Option<bool>>("owns")?
        .unwrap_or(false))
}

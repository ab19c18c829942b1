//! Users: Google accounts, created on first sight and kept in step with their token's email.
//!
//! Triggers its writes fire (`tests/api/snapshots/api__sql_rules__the_live_database_rules.snap`):
//! `label_access_users_*` (a new user, or a changed domain or address, rewrites their
//! `label_access` rows) and `sync_users_*` (the sync looks at the labels that may reach them).

use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::google::id_token::UserIdentity;

const UPSERT_USER: &str = "
WITH changed AS (
    INSERT INTO users (id, google_sub, email, hd)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (google_sub) DO UPDATE
        SET email = EXCLUDED.email, hd = EXCLUDED.hd, updated_at = now()
        WHERE (users.email, users.hd) IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.hd)
    RETURNING id
)
SELECT id, true AS changed FROM changed
UNION ALL
SELECT id, false FROM users WHERE google_sub = $2
LIMIT 1";

/// Pending shares to the caller's address that the rule lets this account hold (migration V13).
const BIND_PENDING_SHARES: &str = "
UPDATE shares s SET user_id = $1, updated_at = now()
WHERE s.grantee_kind = 'user' AND s.grantee = lower($2) AND s.user_id IS NULL
  AND share_holder(s.grantee, s.created_by) = $1";

const REBIND_SHARES: &str = "SELECT rebind_user_shares($1)";

/// Returns the user's id, creating the user on first sight and updating a changed email or domain.
///
/// Shares that waited for this address take effect now, if Google vouches for this account's
/// address or the partner exception applies (README, "Who may hold a share"). An account first
/// seen, or whose address or domain changed, also takes over what a personal account held at its
/// address, and the first Workspace account of a domain ends the partner exception there. Writes
/// nothing when nothing changed.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn upsert_user(
    client: &impl GenericClient,
    who: &UserIdentity,
) -> Result<Uuid, tokio_postgres::Error> {
    let stmt = client.prepare_cached(UPSERT_USER).await?;
    let row = client
        .query_one(&stmt, &[&Uuid::new_v4(), &who.sub, &who.email, &who.hd])
        .await?;
    let id: Uuid = row.try_get("id")?;
    let changed: bool = row.try_get("changed")?;
    let stmt = client.prepare_cached(BIND_PENDING_SHARES).await?;
    client.execute(&stmt, &[&id, &who.email]).await?;
    if changed {
        let stmt = client.prepare_cached(REBIND_SHARES).await?;
        client.execute(&stmt, &[&id]).await?;
    }
    Ok(id)
}
